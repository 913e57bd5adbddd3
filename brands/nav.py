from django.utils.translation import gettext_lazy as _

from fuzhou_lle.web.navigation import NavEntry

ENTRIES = [NavEntry(_("社区教育品牌"), "brands:registry", order=20)]
