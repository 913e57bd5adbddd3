import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import SmsBackend


class FileBackend(SmsBackend):
    """Appends each message as a JSON line to settings.SMS_FILE_PATH (browser tests read codes from it)."""

    def send(self, phone, text, *, template, params):
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {
            "at": timezone.now().isoformat(),
            "phone": phone,
            "text": text,
            "template": template,
            "params": params,
        }
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
