"""One-time codes by SMS.

- A code is six random digits, kept only as an HMAC (keyed by SECRET_KEY and the number), valid for
  SMS_CODE_MINUTES and once; a new code voids the number's older ones.
- Sending is limited per number (one a minute, five an hour) and per address (twenty an hour); checking is
  limited per code (five wrong guesses void it), per number (ten wrong an hour lock it for the hour) and per
  address (thirty wrong an hour).
- Every number gets the same answer whether or not it has an account (the account is made at the first
  correct code), so the form tells nobody which numbers are registered.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.web.ratelimit import over_limit

from ..models import PHONE_PATTERN, Household, SignInCode
from ..sms import SmsError, sms_send

GUESSES_PER_CODE = 5
FAILURES_PER_NUMBER = 10
FAILURES_PER_ADDRESS = 30
HOUR = 3600


def phone_normalise(raw: str) -> str:
    """11 digits from what people type (spaces, dashes, +86); ValidationError otherwise."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    digits = re.sub(r"^(\+?86)", "", digits)
    if not re.fullmatch(PHONE_PATTERN, digits):
        raise ValidationError(_("请输入 11 位手机号码，如 13800138000。"))
    return digits


def _digest(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def code_send(*, phone: str, ip: str) -> None:
    """Send a sign-in code to `phone` (already normalised)."""
    if over_limit(f"signin:send:{phone}:minute", limit=1, seconds=60):
        raise ValidationError(_("验证码已发送，请 1 分钟后再重新获取。"))
    if over_limit(f"signin:send:{phone}:hour", limit=5, seconds=HOUR) or over_limit(
        f"signin:send-ip:{ip}", limit=20, seconds=HOUR
    ):
        raise ValidationError(_("获取验证码太频繁，请 1 小时后再试。"))
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        SignInCode.objects.filter(phone=phone, used=False).update(used=True)
        SignInCode.objects.create(
            phone=phone,
            code_hash=_digest(phone, code),
            expires_at=timezone.now() + datetime.timedelta(minutes=settings.SMS_CODE_MINUTES),
        )
    text = _("【福州终身教育】您的登录验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。") % {
        "code": code,
        "minutes": settings.SMS_CODE_MINUTES,
    }
    try:
        sms_send(phone, text, template="code", params={"code": code})
    except SmsError as error:
        raise ValidationError(_("短信发送失败，请稍后再试。")) from error


def _locked(phone: str, ip: str) -> bool:
    try:
        return (cache.get(f"signin:fail:{phone}") or 0) >= FAILURES_PER_NUMBER or (
            cache.get(f"signin:fail-ip:{ip}") or 0
        ) >= FAILURES_PER_ADDRESS
    except Exception:  # the cache is down: the per-code limit in the database still holds
        return False


def _failed(phone: str, ip: str) -> None:
    over_limit(f"signin:fail:{phone}", limit=FAILURES_PER_NUMBER, seconds=HOUR)
    over_limit(f"signin:fail-ip:{ip}", limit=FAILURES_PER_ADDRESS, seconds=HOUR)


def code_verify(*, phone: str, code: str, ip: str) -> Household:
    """The household of `phone` (made now if new) when `code` is its current code; ValidationError else."""
    if _locked(phone, ip):
        raise ValidationError(_("验证码错误次数过多，请 1 小时后再试。"))
    wrong = ValidationError(_("验证码不正确或已过期，请重新输入或重新获取。"))
    if not re.fullmatch(r"\d{6}", code or ""):
        _failed(phone, ip)
        raise wrong
    with transaction.atomic():
        current = (
            SignInCode.objects.select_for_update()
            .filter(phone=phone, used=False, expires_at__gt=timezone.now(), attempts__lt=GUESSES_PER_CODE)
            .first()
        )
        if current is None or not hmac.compare_digest(current.code_hash, _digest(phone, code)):
            if current is not None:
                SignInCode.objects.filter(pk=current.pk).update(attempts=F("attempts") + 1)
            matched = False
        else:
            current.used = True
            current.save(update_fields=["used"])
            matched = True
    if not matched:
        _failed(phone, ip)
        raise wrong
    return _household_for(phone)


@transaction.atomic
def _household_for(phone: str) -> Household:
    household, created = Household.objects.get_or_create(phone=phone)
    household.last_sign_in = timezone.now()
    household.save(update_fields=["last_sign_in"])
    if created:
        audit_record(
            actor=None, action="household.create", label=gettext_lazy("开通报名账户"), target=household
        )
    return household
