class SmsError(Exception):
    """The provider did not accept the message."""


class SmsBackend:
    def send(self, phone: str, text: str, *, template: str, params: dict) -> None:
        raise NotImplementedError
