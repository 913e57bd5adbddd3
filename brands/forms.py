from django import forms
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.nominations.forms import count_characters, date_input

from .models import BrandNomination, Inspection


class BrandNominationForm(forms.ModelForm):
    class Meta:
        model = BrandNomination
        # Everything the form asks for is needed before submitting.
        fields = list(BrandNomination.REQUIRED_FOR_SUBMIT)
        help_texts = {
            "name": _("如：“书香鼓楼”全民阅读节"),
            "organiser": _("品牌的具体承办单位，如街道社区学校"),
            "participants_per_year": _("近一年参与活动的人次"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self)


class InspectionScheduleForm(forms.Form):
    due_on = forms.DateField(label=_("计划检查日期"), widget=date_input())


class InspectionRecordForm(forms.Form):
    done_on = forms.DateField(label=_("检查日期"), widget=date_input())
    findings = forms.CharField(label=_("检查情况"), widget=forms.Textarea({"rows": 3}), max_length=2000)
    outcome = forms.ChoiceField(label=_("检查结论"), choices=Inspection.Outcome.choices)
