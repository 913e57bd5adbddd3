"""One log line per request (here) and per job (jobs.py), each carrying a request id.

The id comes from nginx's X-Request-ID when it sends a sane one, otherwise it is made here; it goes back in
the response header, onto every log record made while the request runs (RequestIdFilter), and onto the 500
page, so a clerk's screenshot leads to the log line.
"""

import hashlib
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar

from django.utils.log import AdminEmailHandler

from fuzhou_lle.web.clients import bind_request, current_client_ip, unbind_request
from fuzhou_lle.web.ratelimit import over_limit

_request_id = ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Load balancers ask these every few seconds: only their failures are worth a line.
_PROBES = {"/healthz", "/readyz"}

logger = logging.getLogger("fuzhou_lle.request")


def current_request_id() -> str:
    return _request_id.get()


def bind_request_id(value: str):
    """Set the id for what runs next in this thread or task; returns the token to reset it with."""
    return _request_id.set(value)


def unbind_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request or job it was made in (a record may carry its own)."""

    def filter(self, record):
        record.__dict__.setdefault("request_id", _request_id.get())
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        token = bind_request_id(request.request_id)
        # Who is asking (the address behind the proxy, the user) for the log line and the audit trail.
        request_token = bind_request(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            if request.path not in _PROBES or response.status_code >= 400:
                self._log(request, response, started)
            return response
        finally:
            unbind_request(request_token)
            unbind_request_id(token)

    @staticmethod
    def _log(request, response, started):
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        address = current_client_ip()
        logger.info(
            "%s %s %s %sms user=%s ip=%s",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            user_id,
            address,
            extra={
                "request_id": request.request_id,
                "http_method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "client_ip": address,
            },
        )


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
