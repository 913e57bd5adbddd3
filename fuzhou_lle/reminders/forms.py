from django import forms

from fuzhou_lle.accounts.models import User


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reminder_channel"]
        widgets = {"reminder_channel": forms.RadioSelect}
