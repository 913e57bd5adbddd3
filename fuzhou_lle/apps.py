"""The core as a Django app, and how it finds what each portal app adds to it (panels on shared pages,
navigation, demo data, reminder rules, notices, nomination kinds) without importing the apps by name: each
app may have a module of the agreed name."""

from importlib import import_module

from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule
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


def app_modules(submodule):
    """The `<app>.<submodule>` modules of the portal apps that have one, in settings.PORTAL_APPS order."""
    found = []
    for label in settings.PORTAL_APPS:
        config = apps.get_app_config(label)
        if module_has_submodule(config.module, submodule):
            found.append(import_module(f"{config.name}.{submodule}"))
    return found
