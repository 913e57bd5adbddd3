from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from .models import ClassLimits, EnrolmentRule, Member, Relation
from .signin.codes import phone_normalise

BIG = {"class": "form-control form-control-lg"}


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        error_messages={"required": _("请输入 11 位手机号码，如 13800138000。")},
        widget=forms.TextInput(attrs={**BIG, "inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        return phone_normalise(self.cleaned_data["phone"])


class CodeForm(PhoneForm):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={**BIG, "inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("6 位数字，5 分钟内有效。"),
    )


def id_number_clean(value: str, birth_year: int | None) -> str:
    """A 身份证 number with a correct check digit, matching the birth year given."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        value = ric.validate(value)
        born = ric.get_birth_date(value)
    except StdnumError as error:
        raise forms.ValidationError(_("身份证号不正确，请核对（18 位，最后一位可能是 X）。")) from error
    if birth_year and born.year != birth_year:
        raise forms.ValidationError(_("身份证号中的出生年份与填写的出生年份不一致。"))
    return value


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "birth_year", "relation", "id_number"]
        widgets = {
            "name": forms.TextInput(attrs=BIG),
            "birth_year": forms.NumberInput(attrs={**BIG, "inputmode": "numeric"}),
            "relation": forms.Select(attrs={"class": "form-select form-select-lg"}),
            "id_number": forms.TextInput(attrs={**BIG, "autocomplete": "off"}),
        }
        help_texts = {"id_number": _("只有要求实名的课程才需要填写；页面上只显示前 3 位和后 4 位。")}

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["relation"].choices = Relation.choices
        # Shown masked: an edit leaves a number in place unless a new one is typed.
        if self.instance.pk and self.instance.id_number:
            self.initial["id_number"] = ""
            self.fields["id_number"].help_text = _("已填写：%(masked)s。不修改请留空。") % {
                "masked": self.instance.masked_id_number
            }

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if not 1900 <= year <= this_year:
            raise forms.ValidationError(_("请填写 1900 到 %(year)s 之间的出生年份。") % {"year": this_year})
        return year

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Member.objects.filter(household=self.household, name=name).exclude(pk=self.instance.pk)
        if self.household is not None and others.exists():
            raise forms.ValidationError(_("账户里已有一位“%(name)s”。") % {"name": name})
        return name

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("id_number", "")
        if not typed and self.instance.pk:
            cleaned["id_number"] = Member.objects.get(pk=self.instance.pk).id_number
            self.instance.id_number = cleaned["id_number"]
        elif typed:
            try:
                cleaned["id_number"] = id_number_clean(typed, cleaned.get("birth_year"))
                self.instance.id_number = cleaned["id_number"]
            except forms.ValidationError as error:
                self.add_error("id_number", error)
        return cleaned


class EnrolForm(forms.Form):
    """Who is enrolled: one of the household's members, or a new one described here."""

    NEW = "new"

    member = forms.ChoiceField(label=_("为谁报名"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("姓名"), max_length=30, required=False, widget=forms.TextInput(attrs=BIG))
    birth_year = forms.IntegerField(
        label=_("出生年份"), required=False, widget=forms.NumberInput(attrs={**BIG, "inputmode": "numeric"})
    )
    relation = forms.ChoiceField(
        label=_("与您的关系"),
        choices=Relation.choices,
        required=False,
        initial=Relation.SELF,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, required=False, widget=forms.TextInput(attrs=BIG)
    )
    wait = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, members, can_add: bool, real_names: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        choices = [(str(m.pk), m.name) for m in members]
        if can_add:
            choices.append((self.NEW, _("添加一位家人（或本人）")))
        self.fields["member"].choices = choices
        if len(choices) == 1:
            self.initial["member"] = choices[0][0]
        self.real_names = real_names
        if not real_names:
            del self.fields["id_number"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("member") != self.NEW:
            return cleaned
        if not cleaned.get("name"):
            self.add_error("name", _("请填写姓名。"))
        year = cleaned.get("birth_year")
        this_year = timezone.localdate().year
        if not year or not 1900 <= year <= this_year:
            self.add_error("birth_year", _("请填写 1900 到 %(year)s 之间的出生年份。") % {"year": this_year})
        if self.real_names:
            try:
                cleaned["id_number"] = id_number_clean(cleaned.get("id_number", ""), year)
            except forms.ValidationError as error:
                self.add_error("id_number", error)
            if not cleaned.get("id_number") and "id_number" not in self.errors:
                self.add_error("id_number", _("该课程需要实名报名，请填写身份证号。"))
        return cleaned

    def new_member(self) -> Member:
        data = self.cleaned_data
        return Member(
            name=data["name"].strip(),
            birth_year=data["birth_year"],
            relation=data["relation"] or "self",
            id_number=data.get("id_number", ""),
        )


class RuleForm(forms.ModelForm):
    class Meta:
        model = EnrolmentRule
        fields = ["term", *EnrolmentRule.EDITED]
        widgets = {
            "opens": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "draw_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == EnrolmentRule.Mode.LOTTERY:
            draw_at, closes = cleaned.get("draw_at"), cleaned.get("closes")
            if not draw_at:
                self.add_error("draw_at", _("摇号方式须设定摇号时间。"))
            elif closes and draw_at < closes:
                self.add_error("draw_at", _("摇号时间不能早于报名截止时间。"))
        return cleaned


class LimitsForm(forms.ModelForm):
    class Meta:
        model = ClassLimits
        fields = ["min_age", "max_age", "real_names"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("最高年龄不能小于最低年龄。"))
        return cleaned
