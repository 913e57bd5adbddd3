"""/healthz and /readyz: JSON, no login, never cached, and /readyz red for each thing it depends on."""

import pytest
from django.urls import reverse

from fuzhou_lle.ops import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_readyz_is_green_with_everything_reachable(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "migrations"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_red_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


def test_readyz_is_red_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "fuzhou_lle.web.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_readyz_is_red_when_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [("m", False)]
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "error": "RuntimeError",
        "ms": response.json()["checks"]["migrations"]["ms"],
    }


def test_readyz_is_red_when_the_database_does_not_answer_and_keeps_the_errors_text_to_the_log(
    client, monkeypatch, caplog
):
    def refuse(self, *args, **kwargs):
        raise OSError('could not connect to "db.internal" as user "lle_owner"')

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "error": "OSError",
        "ms": response.json()["checks"]["database"]["ms"],
    }
    assert b"lle_owner" not in response.content
    assert b"db.internal" not in response.content
    assert 'could not connect to "db.internal" as user "lle_owner"' in caplog.text


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/my/").status_code == 301
