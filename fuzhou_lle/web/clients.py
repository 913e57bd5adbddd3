"""Who is asking: the client's address, for the lockout (django-axes), the rate limits and the audit trail.

Behind nginx every request comes from nginx's own address, and the client's is in X-Forwarded-For, where
nginx appends what it saw to whatever the client sent (`$proxy_add_x_forwarded_for`): everything left of
the last entry may be forged. So the header is believed only when the request comes from a trusted proxy
(settings.TRUSTED_PROXIES), and then read from the right, passing over the trusted proxies' own addresses,
to the first address that is not one: nginx's `real_ip_recursive`. python-ipware parses the header (ports,
brackets, IPv6 and IPv4-mapped forms, RFC 7239 elements, junk).
"""

import ipaddress
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from python_ipware.modern.parsers import parse_ip, split_proxy_chain

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The request being answered, for what records who did something without the request at hand (the audit
# trail, an account's password changing); None outside a request (commands, jobs).
_current = ContextVar("request", default=None)


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _trusted(address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the person making `request` ("" when it cannot be told)."""
    peer = parse_ip(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(peer, networks):
        return str(peer)
    chain = split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", "")) or []
    for hop in reversed(chain):
        if not _trusted(hop, networks):
            return str(hop)
    # Only proxies all the way: the farthest one is as near to the client as can be told.
    return str(chain[0] if chain else peer)


def bind_request(request: HttpRequest):
    """Make `request` the current one for what runs next in this thread; returns the token to reset it."""
    return _current.set(request)


def unbind_request(token) -> None:
    _current.reset(token)


def current_client_ip() -> str:
    """The address of the request being answered ("" outside one)."""
    request = _current.get()
    if request is None:
        return ""
    if not hasattr(request, "client_ip"):
        request.client_ip = client_ip(request)
    return request.client_ip


def current_user():
    """The signed-in user making the request being answered, or None (anonymous, or outside a request)."""
    request = _current.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
