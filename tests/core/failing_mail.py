import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that always drops the connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("测试：邮件服务器断开连接")
