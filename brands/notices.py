# The nomination workflow's notices, which every nomination kind shares.
from fuzhou_lle.nominations.notices import NOTICES

__all__ = ["NOTICES"]
