"""Brands as a nomination kind, declared once: the core derives their shared pages, panels, reminder rules
and admin from it (fuzhou_lle.nominations.kit)."""

from django.utils.translation import gettext_lazy as _

from fuzhou_lle.nominations.kit import Kit

from . import services
from .forms import BrandNominationForm
from .models import BrandNomination

KIT = Kit(
    namespace="brands",
    nomination_model=BrandNomination,
    nomination_form=BrandNominationForm,
    fields_template="brands/includes/_nomination_fields.html",
    title=_("社区教育品牌"),
    my_work_title=_("品牌推荐"),
    public_url_name="brands:registry",
    public_label=_("查看品牌库"),
    rule_prefix="brand",
    admin_search_fields=("name", "organiser"),
    publish_results=services.round_results_publish,
)
