"""Session rules enforced on every request: timeouts, then the second factor."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from fuzhou_lle.accounts.otp import confirmed_totp, second_factor_required

STARTED_KEY = "_session_started"
SEEN_KEY = "_session_seen"
HAS_DEVICE_KEY = "_otp_has_device"
# The last-seen time is written at most this often, so that an active user does not cost a session write
# on every request; the idle timeout is thus exact to within this many seconds.
SEEN_RESOLUTION = 60


def session_start(sender, request, user, **kwargs):
    """At sign-in, start the session's clocks and note whether an optional second factor is on, so that
    the requests after it read the session without writing it."""
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    if not second_factor_required(user):
        request.session[HAS_DEVICE_KEY] = user_has_device(user)


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after signing
    in whatever the activity, and sends them to the login page with a message saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            # Sessions signed in before this middleware existed start their clocks now.
            started = session.setdefault(STARTED_KEY, now)
            seen = session.get(SEEN_KEY, now)
            if now - seen > settings.SESSION_IDLE_MINUTES * 60:
                return self._expired(
                    request,
                    _("您已超过 %(minutes)d 分钟未操作，为保护账号安全已自动退出，请重新登录。")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            if now - started > settings.SESSION_MAX_HOURS * 3600:
                return self._expired(
                    request,
                    _("您已连续登录 %(hours)d 小时，为保护账号安全已自动退出，请重新登录。")
                    % {"hours": settings.SESSION_MAX_HOURS},
                )
            if now - session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION:
                session[SEEN_KEY] = now
        return self.get_response(request)

    def _expired(self, request, message):
        logout(request)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())


class SecondFactorMiddleware:
    """A user who must give a second factor and has not yet done so this session reaches nothing but the
    enrolment or verification page (whichever applies), logging out and the language switch."""

    OPEN = frozenset({"otp_enrol", "otp_verify", "logout", "set_language"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if request.resolver_match.view_name in self.OPEN or not user.is_authenticated or user.is_verified():
            return None
        if not second_factor_required(user):
            # Whether someone in an optional role turned the second factor on is looked up once a session,
            # not on every request; turning it on verifies the session anyway.
            if HAS_DEVICE_KEY not in request.session:
                request.session[HAS_DEVICE_KEY] = user_has_device(user)
            if not request.session[HAS_DEVICE_KEY]:
                return None
        target = "otp_verify" if confirmed_totp(user) else "otp_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
