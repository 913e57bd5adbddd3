"""How the core finds what each app adds to it (panels on shared pages, demo data, reminder rules)
without importing the apps by name: each app may have a module of the agreed name."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def app_modules(submodule):
    """The `<app>.<submodule>` modules of the portal apps that have one, in settings.PORTAL_APPS order."""
    found = []
    for label in settings.PORTAL_APPS:
        config = apps.get_app_config(label)
        if module_has_submodule(config.module, submodule):
            found.append(import_module(f"{config.name}.{submodule}"))
    return found
