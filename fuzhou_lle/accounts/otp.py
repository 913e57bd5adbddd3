"""Reading the second factor: who needs one, and what the enrolment page shows. Writes are in services.py."""

import math
from base64 import b32encode

import segno
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# The one TOTP device (authenticator app) and the one set of recovery codes an account may have.
DEVICE_NAME = "default"
RECOVERY_CODE_COUNT = 10


def second_factor_required(user) -> bool:
    """Committee and reviewer accounts must use a second factor; for others it is optional."""
    return user.is_authenticated and (user.is_committee or user.is_reviewer)


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def seconds_to_wait(device) -> int:
    """How long `device` refuses every code after wrong ones (django-otp doubles the pause each time)."""
    allowed, details = device.verify_is_allowed() if device else (True, None)
    if allowed:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def device_for_token(user, token: str):
    """The device a typed code is meant for: six digits come from the app, anything else is a recovery code.
    Trying only that one keeps a recovery code from counting as a wrong app code (which pauses the app's)."""
    return confirmed_totp(user) if len(token) == 6 and token.isdigit() else recovery_device(user)


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code: no image request, no inline style, so the page keeps
    its Content-Security-Policy of 'self'."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
