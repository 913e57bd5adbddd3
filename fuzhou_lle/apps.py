from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fuzhou_lle"
    verbose_name = _("委员会")
