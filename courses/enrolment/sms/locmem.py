from .base import SmsBackend

# What the tests sent, newest last (like django.core.mail.outbox).
outbox: list[dict] = []


class LocmemBackend(SmsBackend):
    def send(self, phone, text, *, template, params):
        outbox.append({"phone": phone, "text": text, "template": template, "params": params})
