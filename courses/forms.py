from django import forms
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.uploads import PHOTO, TEXTBOOK, TIMETABLE, CheckedUploads

from .models import TIMETABLE_FIELDS, Offering, Teacher, TeachingPoint, Textbook


class TeachingPointForm(forms.ModelForm):
    class Meta:
        model = TeachingPoint
        fields = ["name", "street", "address", "contact", "capacity", "accessibility"]

    def clean_name(self):
        # The district is set by the view, not asked for, so ModelForm leaves the (district, name) constraint
        # unchecked and a second point of the same name would fail in the database.
        name = self.cleaned_data["name"]
        same = TeachingPoint.objects.filter(district_id=self.instance.district_id, name=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("本区已有名为“%(name)s”的教学点，请换一个名称。") % {"name": name})
        return name


class OfferingForm(forms.ModelForm):
    """A district's timetable row: only its own teaching points and the library's approved teachers."""

    class Meta:
        model = Offering
        fields = [*TIMETABLE_FIELDS, "published"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "first_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enrolment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teaching_point"].queryset = points
        self.fields["teacher"].queryset = Teacher.objects.approved()


class TeacherFiles(CheckedUploads):
    upload_policies = {"photo": PHOTO}


class TextbookFiles(CheckedUploads):
    upload_policies = {"file": TEXTBOOK}


class TeacherAdminForm(TeacherFiles, forms.ModelForm):
    """The admin's base form for teachers (the admin adds model and fields): the photo meets the policy."""


class TextbookAdminForm(TextbookFiles, forms.ModelForm):
    """The admin's base form for textbooks: the file meets the policy."""


class TeacherProposalForm(TeacherFiles, forms.ModelForm):
    class Meta:
        model = Teacher
        fields = ["name", "affiliation", "title", "specialties", "bio", "photo", "phone", "email", "notes"]


class TextbookProposalForm(TextbookFiles, forms.ModelForm):
    class Meta:
        model = Textbook
        fields = ["title", "authors", "publisher", "isbn", "year", "kind", "file"]


class TimetableUploadForm(CheckedUploads, forms.Form):
    sheet = forms.FileField(
        label=_("课表文件"), help_text=_("请使用下载的模板填写，一次上传整张课表（.xlsx，不超过 5 MB）。")
    )
    upload_policies = {"sheet": TIMETABLE}
