"""The core as a Django app: what it wires together once every app is loaded."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fuzhou_lle"
    verbose_name = _("委员会")

    def ready(self):
        # Here rather than at the top: these modules import models, which need the app registry ready.
        from django.contrib.auth.signals import user_logged_in

        from fuzhou_lle.accounts.middleware import session_start
        from fuzhou_lle.audit.record import on_record
        from fuzhou_lle.reminders.notifications import event_dispatch
        from fuzhou_lle.web.public_cache import event_recorded

        user_logged_in.connect(session_start, dispatch_uid="fuzhou_lle.session_start")
        on_record(event_dispatch)
        on_record(event_recorded)
