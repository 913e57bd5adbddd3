from django.utils.translation import gettext_lazy as _

from fuzhou_lle.web.navigation import NavEntry

ENTRIES = [NavEntry(_("课程指南"), "courses:guide", order=10)]
