"""How the core finds what each portal app adds to it (panels on shared pages, navigation, demo data,
reminder rules, notices, nomination kinds) without importing the apps by name: each app may have a module of
the agreed name, and the core asks for the modules of that name."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def app_modules(submodule: str) -> list[ModuleType]:
    """The `<app>.<submodule>` modules of the portal apps that have one, in settings.PORTAL_APPS order."""
    found = []
    for label in settings.PORTAL_APPS:
        config = apps.get_app_config(label)
        if module_has_submodule(config.module, submodule):
            found.append(import_module(f"{config.name}.{submodule}"))
    return found
