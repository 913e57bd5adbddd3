from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fuzhou_lle"
    verbose_name = _("委员会")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .accounts.middleware import session_start

        user_logged_in.connect(session_start, dispatch_uid="fuzhou_lle.session_start")
