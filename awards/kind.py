"""Stars as a nomination kind, declared once: the core derives their shared pages, panels, reminder rules
and admin from it (fuzhou_lle.nominations.kit)."""

from django.utils.translation import gettext_lazy as _

from fuzhou_lle.nominations.kit import Kit

from .forms import StarNominationForm
from .models import StarNomination

KIT = Kit(
    namespace="awards",
    nomination_model=StarNomination,
    nomination_form=StarNominationForm,
    fields_template="awards/includes/_nomination_fields.html",
    title=_("终身学习之星"),
    my_work_title=_("终身学习之星推荐"),
    public_url_name="awards:stars",
    public_label=_("查看终身学习之星"),
    rule_prefix="star",
    admin_search_fields=("person_name", "occupation"),
    # Private: seen through the nomination page, which checks permission.
    admin_exclude=("photo",),
)
