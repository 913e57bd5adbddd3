import sys

from .base import SmsBackend


class ConsoleBackend(SmsBackend):
    """Prints each message: `make run` shows sign-in codes in the terminal."""

    def send(self, phone, text, *, template, params):
        sys.stdout.write(f"[SMS to {phone}] {text}\n")
        sys.stdout.flush()
