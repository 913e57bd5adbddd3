from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.uploads import NOTICE, check_upload
from fuzhou_lle.units.models import Unit

from .models import Milestone, ProgressReport, TaskUnit
from .notice import LEGACY_EXTENSIONS, NoticeError, forms_hint, parse_file, split_names
from .services import NEW_UNIT, SKIP_UNIT

MAX_EVIDENCE_FILES = 5


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("通知文件"),
        help_text=_(
            "支持文本文件 .txt（UTF-8、GB18030 或 UTF-16 编码）、Word .docx 和 Excel .xlsx（任务分解表），"
            "不超过 5 MB。扫描件（PDF、图片）无法识别。"
        ),
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("通常可从标题中识别，识别不出时请填写。"),
        error_messages={
            "min_value": _("年度应在2000年至2100年之间。"),
            "max_value": _("年度应在2000年至2100年之间。"),
        },
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        _check_notice_upload(upload)
        upload.seek(0)
        try:
            notice = parse_file(upload.read(), upload.name, year=cleaned.get("year"))
        except NoticeError as error:
            raise forms.ValidationError(str(error)) from error
        if notice.year is None:
            raise forms.ValidationError(_("无法从通知中识别年度，请填写“年度”后再上传。"))
        cleaned["notice"] = notice
        return cleaned


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)


def _check_notice_upload(upload):
    """The one upload policy for .txt, .docx and .xlsx; an old .doc or .xls is left to the parser, which
    converts it with LibreOffice where installed and otherwise says how to save it anew."""
    upload.seek(0)
    legacy = Path(upload.name).suffix.lower() in LEGACY_EXTENSIONS and upload.read(8) == OLE_MAGIC
    upload.seek(0)
    if legacy and upload.size <= NOTICE.max_bytes:
        return
    try:
        check_upload(upload, NOTICE)
    except ValidationError as error:
        hint = forms_hint() if error.code == "bad_type" else ""
        raise forms.ValidationError([*error.messages[:-1], error.messages[-1] + hint]) from error


class PreviewItemForm(forms.Form):
    """Staff's corrections to one item read from the notice."""

    title = forms.CharField(
        label=_("任务"), max_length=200, error_messages={"required": _("请填写任务名称。")}
    )
    lead = forms.CharField(label=_("牵头单位"), required=False, max_length=500)
    support = forms.CharField(label=_("配合单位"), required=False, max_length=1000)
    leaders = forms.CharField(label=_("责任领导"), required=False, max_length=200)
    deadline = forms.CharField(label=_("完成时限"), required=False, max_length=200)

    @staticmethod
    def initial_for(task):
        return {
            "title": task.title,
            "lead": task.lead_text(),
            "support": task.support_text(),
            "leaders": "、".join(task.leaders),
            "deadline": task.deadline,
        }


class BasePreviewItemFormSet(forms.BaseFormSet):
    def apply(self, notice):
        """Write the corrections into the parsed notice; items marked for deletion leave it."""
        tasks = notice.tasks
        for task, form in zip(tasks, self.forms, strict=True):
            data, before = form.cleaned_data, form.initial
            task.title = data["title"].strip()
            if (data["lead"], data["support"]) != (before["lead"], before["support"]):
                task.set_units(lead=data["lead"], support=data["support"])
            if data["leaders"] != before["leaders"]:
                task.leaders = split_names(data["leaders"])
            if data["deadline"] != before["deadline"]:
                task.set_deadline(data["deadline"], notice.year)
        deleted = {
            id(task) for task, form in zip(tasks, self.forms, strict=True) if form.cleaned_data["DELETE"]
        }
        for section in notice.sections:
            section.tasks = [task for task in section.tasks if id(task) not in deleted]
        notice.sections = [section for section in notice.sections if section.tasks]


PreviewItemFormSet = forms.formset_factory(
    PreviewItemForm, formset=BasePreviewItemFormSet, extra=0, can_delete=True, max_num=2000
)


class UnitResolutionForm(forms.Form):
    """For each name that matches no unit: which unit it means, a new member unit, or leave it out."""

    def __init__(self, *args, names, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [(str(unit.pk), unit.name) for unit in Unit.objects.filter(is_active=True)]
        self.names = {}
        for index, name in enumerate(names):
            close = [
                (str(unit.pk), _("近似：%(name)s") % {"name": unit.name})
                for unit in suggestions.get(name, [])
            ]
            self.fields[f"name_{index}"] = forms.ChoiceField(
                label=name,
                choices=[
                    ("", _("请选择")),
                    *([(_("近似的已有单位"), close)] if close else []),
                    (_("新建或不导入"), [(NEW_UNIT, _("新建为成员单位")), (SKIP_UNIT, _("不导入该名称"))]),
                    (_("全部已有单位"), everyone),
                ],
                required=False,  # undecided names may wait; importing refuses while any is left
            )
            self.names[f"name_{index}"] = name

    def resolutions(self):
        return {self.names[key]: value for key, value in self.cleaned_data.items() if value}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files, at most MAX_EVIDENCE_FILES."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(_("每次最多上传 %(n)d 个文件。") % {"n": MAX_EVIDENCE_FILES})
        # Each file's type and size are checked by progress_report_create, before anything is saved.
        return [super(EvidenceField, self).clean(upload, initial) for upload in uploads]


class ProgressReportForm(forms.ModelForm):
    files = EvidenceField(
        label=_("佐证材料"),
        required=False,
        help_text=_(
            "可选，最多 5 个文件，每个不超过 10 MB；支持 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）。"
        ),
    )

    class Meta:
        model = ProgressReport
        fields = ["kind", "text", "percent"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "text": _("写明做了什么、取得什么成效、下一步计划。"),
            "percent": _("填 0 到 100 之间的整数。"),
        }
        error_messages = {"text": {"required": _("请填写进展情况。")}}

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, ProgressReport.Kind(k).label) for k in kinds]
        self.fields["percent"].min_value = 0
        self.fields["percent"].error_messages.update(
            {"min_value": _("完成进度不能小于0。"), "invalid": _("请填写整数。")}
        )


class ResponsiblePersonForm(forms.ModelForm):
    class Meta:
        model = TaskUnit
        fields = ["responsible_person"]
        error_messages = {"responsible_person": {"max_length": _("姓名不能超过50个字。")}}


class ReportReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写退回原因，便于牵头单位补充后重新报告。")},
    )


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title": {"required": _("请填写节点内容。")},
            "due_on": {"required": _("请填写完成时限。"), "invalid": _("日期格式应为 2026-11-30。")},
            "done_on": {"invalid": _("日期格式应为 2026-11-30。")},
        }


class MilestoneProposalForm(MilestoneForm):
    class Meta(MilestoneForm.Meta):
        fields = ["title", "due_on"]
