"""Tests hash passwords with MD5 (tests/conftest.py) for speed; production must not."""

import importlib

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.test import override_settings

import fuzhou_lle.settings


def test_production_hashes_with_pbkdf2_at_django_strength():
    production = importlib.reload(fuzhou_lle.settings)
    hashers = getattr(production, "PASSWORD_HASHERS", None)
    if hashers is None:  # Django's own default list
        from django.conf import global_settings

        hashers = global_settings.PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=hashers):
        hasher = get_hasher("default")
        assert isinstance(hasher, PBKDF2PasswordHasher)
        assert hasher.iterations >= 1_000_000


def test_tests_hash_fast():
    assert get_hasher("default").algorithm == "md5"
