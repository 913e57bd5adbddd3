from django import forms
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.uploads import NOTICE, check_upload

from .models import Milestone, ProgressReport, TaskUnit
from .notice import NoticeError, parse_file

MAX_EVIDENCE_FILES = 5


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("通知文件"),
        help_text=_("支持 .txt（UTF-8 或 GB18030 编码）和 Word .docx 文件，不超过 5 MB。"),
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
        check_upload(upload, NOTICE)
        try:
            notice = parse_file(upload.read(), upload.name, year=cleaned.get("year"))
        except NoticeError as error:
            raise forms.ValidationError(str(error)) from error
        if notice.year is None:
            raise forms.ValidationError(_("无法从通知中识别年度，请填写“年度”后再上传。"))
        cleaned["notice"] = notice
        return cleaned


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
