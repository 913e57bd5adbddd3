"""The portal's password rules, beside Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fuzhou_lle.accounts.services import account_password_changed


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own, with its message in Chinese: Django 5.2 reworded it and its Chinese catalogue has not
    caught up, so users would read English."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}


class VarietyValidator:
    """Twelve characters are no protection when they are one key held down or twelve spaces: a password
    needs `min_distinct` different characters other than spaces.

    Also the one place that hears of every new password, wherever it is set: Django calls each validator's
    password_changed() after a user with a new password is saved (the own password page, the admin's,
    `changepassword`, `createsuperuser`), and not when a login merely rehashes it. The trail records the fact
    (accounts.services.account_password_changed), never the value."""

    def __init__(self, min_distinct: int = 5):
        self.min_distinct = min_distinct

    def validate(self, password, user=None):
        if len(set(password) - {" ", "\u3000", "\t"}) < self.min_distinct:
            message = _("密码的字符太单一，至少需要 %(count)d 个不同的字符（空格不算）。")
            raise ValidationError(message % {"count": self.min_distinct}, code="password_too_uniform")

    def get_help_text(self):
        return _("至少包含 %(count)d 个不同的字符。") % {"count": self.min_distinct}

    def password_changed(self, password, user):
        if user is not None and user.pk is not None:
            account_password_changed(user=user)
