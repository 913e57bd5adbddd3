from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。注意密码区分大小写。"),
        "inactive": _("该账号已停用，请联系市终身教育促进委员会办公室。"),
    }


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reminder_channel"]
        widgets = {"reminder_channel": forms.RadioSelect}
