"""Codes for the second factor, computed as an authenticator app would."""

import time
from urllib.parse import urlparse

from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

VERIFY_PATH = "/accounts/two-factor/verify/"


def totp_code(key: bytes, step: int) -> str:
    return f"{hotp(key, step):06d}"


def code_now(key: bytes) -> str:
    """What an app holding `key` shows at this moment (30-second steps from the epoch)."""
    return totp_code(key, int(time.time()) // 30)


def fresh_code(device) -> str:
    """A code `device` accepts now. A device takes each 30-second step's code only once, so a second sign-in
    within one step uses the next step's code (inside the device's tolerance), and a third waits for it."""
    device.refresh_from_db()
    while True:
        now = int(time.time() - device.t0) // device.step
        step = max(now, device.last_t + 1)
        if step <= now + device.drift + device.tolerance:
            return totp_code(device.bin_key, step)
        time.sleep(1)


def code_for(username: str) -> str:
    """A code the user's confirmed authenticator accepts now."""
    return fresh_code(TOTPDevice.objects.get(user__username=username, confirmed=True))


def after_password(page) -> bool:
    """Wait until the login form has been answered; True when the portal now asks for the second factor."""
    page.wait_for_url(lambda url: urlparse(url).path in ("/my/", VERIFY_PATH))
    return urlparse(page.url).path == VERIFY_PATH
