"""Every page without parameters, for every persona, on the demo data: nothing answers with a server error,
and each page is either shown or refused in the expected way."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fuzhou_lle.accounts.demo import DEMO_USERS
from fuzhou_lle.accounts.models import User


def _named_routes(resolver=None, namespace=""):
    """(name, pattern) of every named route that takes no arguments."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace != "admin":
                yield from _named_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groupindex:
            yield f"{namespace}{entry.name}"


ROUTES = sorted(set(_named_routes()))
PERSONAS = [None] + [username for username, *_ in DEMO_USERS]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_without_parameters_fails(client, demo, db, persona):
    if persona:
        client.force_login(User.objects.get(username=persona))
    failures = []
    for name in ROUTES:
        url = reverse(name)
        status = client.get(url).status_code
        if status not in (200, 302, 403, 404, 405):
            failures.append((url, status))
    assert failures == []


def test_the_crawl_reaches_every_app():
    assert {"home", "my_work", "tasks:overview", "tasks:dashboard", "brands:registry", "awards:stars"} <= set(
        ROUTES
    )
    assert {"courses:guide", "courses:compiled", "notifications", "my_deadlines"} <= set(ROUTES)
