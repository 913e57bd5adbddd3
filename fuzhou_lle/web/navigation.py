"""The header: its sections and its language switch.

Each app declares its sections in `<app>/nav.py` as `ENTRIES`, found through hooks.app_modules like
the panels; the core adds 首页 before them and 我的工作 after them."""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.hooks import app_modules


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    # Where it stands among the apps' entries: the citizens' course guide first, the staff's plan last.
    order: int = 0
    signed_in_only: bool = False
    # Other view names that belong to this section. A namespaced url_name ("courses:guide") already
    # makes every page of its namespace part of the section.
    also: tuple[str, ...] = ()

    def is_current(self, match) -> bool:
        if match is None:
            return False
        namespace = self.url_name.rpartition(":")[0]
        return (
            match.view_name == self.url_name
            or match.view_name in self.also
            or bool(namespace and match.namespace == namespace)
        )


# Each language's name in itself, as the switch shows it.
LANGUAGE_LABELS = (("zh-hans", "中文"), ("en", "English"))

HOME = NavEntry(_("首页"), "home")
MY_WORK = NavEntry(
    _("我的工作"),
    "my_work",
    signed_in_only=True,
    also=("my_deadlines", "reminder_preference", "notifications"),
)


@cache  # the entries are declared once, at import; finding the modules on every request costs file lookups
def nav_entries() -> tuple[NavEntry, ...]:
    apps = sorted((entry for module in app_modules("nav") for entry in module.ENTRIES), key=lambda e: e.order)
    return (HOME, *apps, MY_WORK)


def nav_items(request) -> list[dict]:
    """The entries this visitor sees, each with its address and whether it is the page ("page"), its
    section ("true") or neither (None), for aria-current."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    match = getattr(request, "resolver_match", None)
    items = []
    for entry in nav_entries():
        if entry.signed_in_only and not signed_in:
            continue
        url = reverse(entry.url_name)
        current = None
        if entry.is_current(match):
            current = "page" if request.path == url else "true"
        items.append({"label": entry.label, "url": url, "current": current})
    return items


def language_switch(request) -> dict:
    """The other language's address of this very page, query included: the page's URL decides its
    language (Chinese unprefixed, English under /en/), so a plain link switches both ways. Django's
    set_language view cannot: it runs outside the language prefix in Chinese and so cannot read an /en/
    address to translate it back."""
    current = translation.get_language()
    code, name = next((code, name) for code, name in LANGUAGE_LABELS if code != current)
    path = request.get_full_path()
    url = translate_url(path, code)
    if url == path:  # not a page of ours (a 404): that language's home page
        with translation.override(code):
            url = reverse("home")
    return {"code": code, "label": name, "url": url}
