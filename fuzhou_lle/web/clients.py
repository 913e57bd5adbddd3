"""Who is asking: the client's address, for the lockout, the rate limits and the audit log alike."""

from axes.helpers import get_client_ip_address
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the person making `request` ("" when it cannot be told)."""
    return get_client_ip_address(request) or ""
