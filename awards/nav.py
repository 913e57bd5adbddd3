from django.utils.translation import gettext_lazy as _

from fuzhou_lle.web.navigation import NavEntry

ENTRIES = [NavEntry(_("终身学习之星"), "awards:stars", order=30)]
