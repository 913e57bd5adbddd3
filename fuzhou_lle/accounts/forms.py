from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """A code from the authenticator app (six digits) or, when verifying, a recovery code."""

    token = forms.CharField(
        label=_("验证码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}
        ),
    )

    def clean_token(self):
        # People copy codes with the spaces an app shows ("123 456").
        return "".join(self.cleaned_data["token"].split())


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。注意密码区分大小写。"),
        "inactive": _("该账号已停用，请联系市终身教育促进委员会办公室。"),
    }
