"""The second factor's pages: set it up, verify it at sign-in, recovery codes."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from fuzhou_lle.accounts import otp, services
from fuzhou_lle.accounts.forms import TokenForm

NEW_CODES_KEY = "otp_new_recovery_codes"


def _next_url(request) -> str:
    """Where the user was going before the second factor stopped them, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _throttled(form, device) -> bool:
    """Say so, rather than "wrong code", while the device pauses after wrong codes."""
    seconds = otp.seconds_to_wait(device)
    if seconds:
        form.add_error("token", _("错误次数较多，请 %(seconds)d 秒后再输入验证码。") % {"seconds": seconds})
    return bool(seconds)


def _to_codes(request):
    query = f"?{urlencode({'next': _next_url(request)})}" if _next_url(request) else ""
    return redirect(reverse("otp_codes") + query)


def admin_login(request, extra_context=None):
    """The admin signs in through the portal's own login page, so the second factor and the lockout apply
    to it the same way. Someone signed in without the admin's rights is refused rather than sent round."""
    target = request.GET.get("next") or reverse("admin:index")
    if admin.site.has_permission(request):
        return redirect(
            target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "admin:index"
        )
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(target)


@login_required
def otp_setup(request):
    """Where a user sees whether the second factor is on, turns it on, or renews the recovery codes."""
    return render(
        request,
        "fuzhou_lle/accounts/otp_setup.html",
        {
            "device": otp.confirmed_totp(request.user),
            "required": otp.second_factor_required(request.user),
            "codes_left": otp.recovery_codes_left(request.user),
        },
    )


@login_required
def otp_enrol(request):
    """Scan the QR code (or type the key), then confirm with the first code the app shows."""
    if otp.confirmed_totp(request.user):
        return redirect("otp_setup")
    device = services.otp_pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid() and not _throttled(form, device):
        codes = services.otp_enrol_confirm(user=request.user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[NEW_CODES_KEY] = codes
            return _to_codes(request)
        form.add_error("token", _("验证码不正确或已过期，请输入应用中当前显示的六位数字。"))
    return render(
        request,
        "fuzhou_lle/accounts/otp_enrol.html",
        {
            "form": form,
            "qr_svg": otp.qr_svg(device),
            "secret": otp.secret_text(device),
            "required": otp.second_factor_required(request.user),
            "next": _next_url(request),
        },
    )


@login_required
def otp_verify(request):
    """The second step of signing in: a code from the app, or one of the recovery codes."""
    if request.user.is_verified():
        return redirect(_next_url(request) or "my_work")
    if otp.confirmed_totp(request.user) is None:
        return redirect(f"{reverse('otp_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"]
        device = otp.device_for_token(request.user, token)
        # Each device pauses after wrong codes (the pause doubles each time), so guessing gets nowhere.
        if device is not None and not _throttled(form, device) and device.verify_token(token):
            otp_login(request, device)
            return redirect(_next_url(request) or "my_work")
        if not form.errors:
            form.add_error(
                "token", _("验证码不正确。请输入验证器应用中当前显示的六位数字，或一个未用过的恢复码。")
            )
    return render(request, "fuzhou_lle/accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_codes(request):
    """Shows recovery codes just made, once; after that only how many are left."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if codes is None:
        return redirect("otp_setup")
    return render(
        request,
        "fuzhou_lle/accounts/otp_codes.html",
        {"codes": codes, "next": _next_url(request) or reverse("my_work")},
    )


@require_POST
@login_required
def otp_codes_regenerate(request):
    if otp.confirmed_totp(request.user) is None:
        messages.error(request, _("请先开启两步验证。"))
        return redirect("otp_setup")
    request.session[NEW_CODES_KEY] = services.otp_recovery_codes_regenerate(user=request.user)
    return _to_codes(request)
