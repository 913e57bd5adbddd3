from django.utils.translation import gettext_lazy as _

from fuzhou_lle.web.navigation import NavEntry

ENTRIES = [NavEntry(_("工作要点"), "tasks:overview", order=40)]
