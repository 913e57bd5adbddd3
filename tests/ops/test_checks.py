"""`check --deploy` names every production setting that is missing."""

import pytest
from django.core.checks import run_checks

from fuzhou_lle.ops.checks import production_settings_check

PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": ["lle.fuzhou.gov.cn"],
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.gov.cn",
}


@pytest.fixture
def production(settings, monkeypatch):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    return settings


def ids():
    return sorted(error.id for error in production_settings_check(None))


def test_complete_production_settings_pass(production):
    assert ids() == []


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("SECRET_KEY", "change-me-to-a-long-random-string-of-at-least-fifty-characters", "ops.E001"),
        ("ALLOWED_HOSTS", ["localhost", "127.0.0.1"], "ops.E002"),
        ("REDIS_URL", "", "ops.E004"),
        ("EMAIL_HOST", "", "ops.E005"),
    ],
)
def test_each_missing_setting_is_an_error(production, setting, value, check_id):
    setattr(production, setting, value)
    assert ids() == [check_id]


def test_sqlite_means_database_url_is_missing(production, monkeypatch):
    monkeypatch.setitem(production.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    [error] = production_settings_check(None)
    assert error.id == "ops.E003"
    assert "DATABASE_URL" in error.msg


def test_debugging_needs_none_of_them(settings):
    settings.DEBUG = True
    settings.REDIS_URL = ""
    assert ids() == []


def test_the_check_runs_only_with_deploy(production):
    production.EMAIL_HOST = ""
    assert "ops.E005" not in [e.id for e in run_checks(include_deployment_checks=False)]
    assert "ops.E005" in [e.id for e in run_checks(include_deployment_checks=True)]
