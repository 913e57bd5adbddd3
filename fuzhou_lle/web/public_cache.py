"""Public pages from the cache for visitors without a session.

A view marked @public_page is rendered once per address, language, large-type setting and htmx request,
and then served from the cache (Redis with REDIS_URL, else this process's memory) to every visitor without
a session cookie: signed-in users and anyone with pending messages always get a fresh page. The forms on
every page carry a CSRF token tied to the visitor's cookie, so the cached copy keeps a placeholder and each
visitor's own token is put in when it is served.

Invalidation is by version: audit_record() (every service records its change there) bumps the version
when its transaction commits, and a cached page is served only while it has the current version, so a
change shows on the next request. A hit is one round trip to the cache (the version and the page).
Keys also hold today's date: what is public depends on it (offerings that have ended, tasks overdue).
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

logger = logging.getLogger(__name__)

VERSION_KEY = "public:version"
TIMEOUT = 600  # seconds: bounds what a bump lost to a cache outage could leave stale
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"__csrf_token__"
# Headers the inner middleware sets on every page (CSP, frame options …); cookies never stored.
SKIPPED_HEADERS = {"set-cookie", "content-length"}


def public_page(view):
    """Mark a view whose answer to an anonymous GET is the same for every such visitor."""
    view.public_page = True
    return view


def version() -> int:
    """The current version. A lost key becomes a new version (the time), never an old one."""
    current = cache.get(VERSION_KEY)
    if current is None:
        current = time.time_ns()
        cache.add(VERSION_KEY, current, None)
    return current


def bump() -> None:
    """Make every cached public page stale."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def event_recorded(event) -> None:
    """Any recorded change may show on a public page: the cached copies go stale once it is committed."""
    transaction.on_commit(bump, robust=True)


def _cacheable(request) -> bool:
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if "messages" in request.COOKIES:
        return False
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


def _key(request) -> str:
    """The page's key; the version is kept in the entry, so that one round trip (MGET) fetches both."""
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return ":".join(
        [
            "public",
            timezone.localdate().isoformat(),
            translation.get_language(),
            request.COOKIES.get("text_size", ""),
            "htmx" if request.headers.get("HX-Request") else "page",
            path,
        ]
    )


class PublicPageCacheMiddleware:
    """Sits after the session, locale and CSRF middleware (so the language is known and a fresh token can
    be issued) and before authentication, messages and the view, which a hit skips."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        key = _key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
            current = found.get(VERSION_KEY) or version()
        except Exception:  # the cache is down: pages keep working, uncached
            logger.warning("public page cache unavailable", exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry is None or entry["version"] != current:
            response = self.get_response(request)
            entry = self._entry(request, response)
            if entry is None:
                return response
            entry["version"] = current
            try:
                cache.set(key, entry, TIMEOUT)
            except Exception:
                logger.warning("public page cache unavailable", exc_info=True)
        return self._serve(request, entry)

    @staticmethod
    def _entry(request, response) -> dict | None:
        """What to keep of a fresh page, or None when it must not be shared."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return None
        content = TOKEN.sub(rb"\g<1>" + PLACEHOLDER + rb"\g<2>", response.content)
        return {
            "content": content,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS],
            "etag": f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
            "modified": time.time(),
            "has_token": PLACEHOLDER in content,
        }

    @staticmethod
    def _serve(request, entry):
        response = HttpResponse()
        for header, value in entry["headers"]:
            response[header] = value
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        # Browsers may keep the page but ask each time (a 304 costs nothing); a page with a per-visitor
        # token is not for shared proxies.
        response["Cache-Control"] = f"{'private' if entry['has_token'] else 'public'}, no-cache"
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=int(entry["modified"]), response=response
        )
        if conditional is not response:
            return conditional
        content = entry["content"]
        if entry["has_token"]:
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        response.content = content
        return response
