from django import forms
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.uploads import PHOTO, check_upload, stored_name
from fuzhou_lle.nominations.forms import count_characters

from .models import StarNomination


class StarNominationForm(forms.ModelForm):
    class Meta:
        model = StarNomination
        fields = [
            "person_name",
            "gender",
            "birth_year",
            "occupation",
            "deeds",
            "learning_achievements",
            "photo",
            "publication_consent",
        ]
        help_texts = {
            "photo": _("近期免冠或生活照，JPG 或 PNG，不超过 10 MB。仅在本人同意公开时展示。"),
            "occupation": _("如：退休教师、某某社区居民、某某公司职工"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        count_characters(self)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            kind = check_upload(photo, PHOTO)
            # Stored under a generated name with the extension of what the content is.
            photo.name = stored_name(kind)
        return photo
