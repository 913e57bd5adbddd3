"""Text messages, through the backend that settings.SMS_BACKEND names (as Django chooses its e-mail
backend): `console` and `file` for development, `locmem` for tests, `aliyun` for production."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SmsBackend, SmsError

__all__ = ["SmsError", "sms_send", "backend"]


def backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(phone: str, text: str, *, template: str = "notice", params: dict | None = None) -> None:
    """Send `text` to `phone`. Providers in China send only approved templates: `template` names the kind
    of message (settings map each kind to the provider's template code) and `params` fill its blanks;
    development backends write the text itself. Raises SmsError when the provider refuses."""
    backend().send(phone, text, template=template, params=params or {})
