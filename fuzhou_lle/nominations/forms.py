"""Forms of the shared nomination pages. Each app adds its own nomination ModelForm."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.nominations.workflow import Level


def date_input():
    """A browser date picker; it needs ISO dates whatever the language's own format."""
    return forms.DateInput({"type": "date"}, format="%Y-%m-%d")


class CountedTextarea(forms.Textarea):
    """A textarea that shows how many characters are left (static/js/nominations.js). The counter's
    wording travels in the attribute, so it is translated like every other string."""

    def __init__(self, attrs=None):
        text = _("已输入 {count} 字，还可输入 {left} 字")
        super().__init__({"rows": 6, "data-char-counter": text, **(attrs or {})})


def count_characters(form: forms.ModelForm) -> None:
    """Give every length-limited textarea of the form its limit and a live counter."""
    for name, field in form.fields.items():
        limit = getattr(form._meta.model._meta.get_field(name), "max_length", None)
        if isinstance(field.widget, forms.Textarea) and limit:
            field.widget = CountedTextarea({"maxlength": limit})
            field.help_text = _("最多 %(limit)s 字。") % {"limit": limit}


def datetime_input():
    """A browser date-and-time picker; its value is read in the site's time zone (Asia/Shanghai)."""
    return forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundForm(forms.ModelForm):
    def clean_closes_at(self):
        """A round that closes before it is saved takes no nominations. An unchanged closing time may
        lie in the past: the office may still correct a closed round's text."""
        closes_at = self.cleaned_data["closes_at"]
        previous = self.instance.closes_at
        # The picker shows minutes only: the same minute is the same time.
        unchanged = previous is not None and closes_at == previous.replace(second=0, microsecond=0)
        if not unchanged and closes_at <= timezone.now():
            raise forms.ValidationError(_("截止报送时间已过，请选择将来的时间。"))
        return closes_at


def round_form_class(model):
    """The committee's form of a round's own fields; criteria and places have their own forms below.
    The publicity window is not here: it is set when the shortlist is published (round_publicity_start)."""
    return forms.modelform_factory(
        model,
        form=RoundForm,
        fields=["kind", "year", "batch", "title", "call_text", "opens_at", "closes_at", "default_quota"],
        widgets={
            "opens_at": datetime_input(),
            "closes_at": datetime_input(),
            "call_text": forms.Textarea({"rows": 6}),
        },
    )


class CriterionForm(forms.Form):
    name = forms.CharField(
        label=_("评审指标"),
        max_length=100,
        widget=forms.TextInput({"class": "form-control", "aria-label": _("评审指标")}),
        error_messages={"required": _("请填写评审指标名称。")},
    )
    description = forms.CharField(
        label=_("说明"),
        max_length=300,
        required=False,
        widget=forms.TextInput({"class": "form-control", "aria-label": _("说明")}),
    )
    max_score = forms.IntegerField(
        label=_("满分"),
        min_value=1,
        widget=forms.NumberInput({"class": "form-control", "min": 1, "aria-label": _("满分")}),
        error_messages={"min_value": _("满分至少为 1 分。"), "required": _("请填写满分。")},
    )


# Blank rows are ignored; round_save refuses a round without any criterion.
CriterionFormSet = forms.formset_factory(CriterionForm, extra=3)


class QuotaForm(forms.Form):
    """One optional number per district: its places in the round when they differ from the default."""

    def __init__(self, *args, districts, quotas=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {quota.district_id: quota.quota for quota in quotas}
        self.districts = districts
        for district in districts:
            self.fields[f"district_{district.pk}"] = forms.IntegerField(
                label=district.name,
                required=False,
                min_value=0,
                initial=current.get(district.pk),
                error_messages={"min_value": _("名额不能为负数。")},
            )

    def overrides(self) -> dict:
        values = {district: self.cleaned_data[f"district_{district.pk}"] for district in self.districts}
        return {district: value for district, value in values.items() if value is not None}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("上传证明材料"), help_text=_("JPG、PNG、PDF 或 Word（.docx）文件，每个不超过 10 MB。")
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        widget=forms.Textarea({"rows": 3}),
        max_length=1000,
        help_text=_("请写明需要修改或补充的内容。"),
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("评审专家"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("评审截止日期"), widget=date_input())

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].initial = timezone.localdate() + timedelta(days=14)
        # Reviewers from the nomination's own district are never offered.
        self.fields["reviewer"].queryset = (
            User.objects.filter(groups__name=Role.REVIEWER, is_active=True)
            .exclude(unit__district=nomination.district)
            .exclude(pk__in=nomination.assignments.values("reviewer"))
            .select_related("unit")
            .order_by("name")
        )


class ScoreForm(forms.Form):
    """One field per criterion of the round, each between 0 and its maximum."""

    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {score.criterion_id: score.value for score in scores or []}
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=str(criterion),
                # Help text is rendered unescaped by Django's and crispy's templates; the description is
                # typed by staff, so it is escaped here.
                help_text=escape(criterion.description),
                min_value=0,
                max_value=criterion.max_score,
                decimal_places=1,
                initial=current.get(criterion.pk),
                error_messages={
                    "max_value": _("得分不能超过满分 %(limit_value)s 分。"),
                    "min_value": _("得分不能为负数。"),
                    "required": _("请为这一项打分。"),
                },
            )
        self.criteria = criteria

    def values(self):
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class PublicityForm(forms.Form):
    starts_on = forms.DateField(label=_("公示开始日期"), widget=date_input())
    ends_on = forms.DateField(label=_("公示结束日期"), widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + timedelta(days=6)


class OutcomeForm(forms.Form):
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    approved = forms.TypedChoiceField(
        label=_("结果"),
        choices=[("1", _("获评")), ("0", _("未获评"))],
        coerce=lambda value: value == "1",
    )


class RewardForm(forms.Form):
    amount = forms.DecimalField(label=_("奖励经费（元）"), min_value=0, max_digits=10, decimal_places=2)


def objection_form_class(model):
    return forms.modelform_factory(
        model,
        fields=["name", "contact", "content"],
        widgets={"content": CountedTextarea({"maxlength": 2000})},
    )
