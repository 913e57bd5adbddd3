"""Logging: error emails to the admins that a storm of one error cannot turn into a flood."""

import hashlib
import traceback

from django.utils.log import AdminEmailHandler

from .ratelimit import over_limit


def signature(record) -> str:
    """What makes two log records the same error: the exception's type and the line that raised it, or the
    logger, place and message template of a record without one."""
    if record.exc_info and record.exc_info[0]:
        exc_type, _exc, tb = record.exc_info
        frames = traceback.extract_tb(tb)
        place = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        parts = [exc_type.__module__, exc_type.__qualname__, place]
    else:
        parts = [record.name, record.pathname, str(record.lineno), str(record.msg)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class RateLimitedAdminEmailHandler(AdminEmailHandler):
    """Django's error email, at most `limit` a `period` (seconds) for each distinct error. The count lives in
    the cache; when the cache is down the email is sent."""

    def __init__(self, *args, limit: int = 3, period: int = 3600, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.period = period

    def emit(self, record):
        if not over_limit(f"admin-email:{signature(record)}", limit=self.limit, seconds=self.period):
            super().emit(record)
