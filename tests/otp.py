"""Codes for the second factor, computed as an authenticator app would."""

import time

from django_otp.oath import hotp


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
