import pytest
from django.urls import get_resolver, resolve, reverse

STATIC_NAMES = ["home", "my_work", "login", "logout", "password_change", "password_change_done", "text_size"]


@pytest.mark.parametrize("name", STATIC_NAMES)
def test_core_route_reverses_and_resolves(name):
    assert resolve(reverse(name)).url_name == name


def test_every_app_has_a_namespace():
    namespaces = set(get_resolver().namespace_dict)
    assert {"tasks", "brands", "awards", "courses", "admin"} <= namespaces
