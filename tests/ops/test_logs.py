"""One log line per request and per job, with the user id and a request id that the 500 page shows."""

import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from fuzhou_lle.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="fuzhou_lle.request")
    return caplog


def test_each_request_logs_one_line_with_user_and_request_id(client, unit_user, request_lines):
    client.force_login(unit_user)
    response = client.get(reverse("my_work"))
    [record] = [r for r in request_lines.records if r.name == "fuzhou_lle.request"]
    assert record.status == 200
    assert record.path == "/my/"
    assert record.user_id == unit_user.pk
    assert len(response["X-Request-ID"]) == 32
    assert record.getMessage().startswith("GET /my/ 200 ")


def test_request_id_from_the_proxy_is_kept_and_nonsense_is_replaced(client, request_lines):
    response = client.get("/", headers={"x-request-id": "nginx-4f2a9c1b"})
    assert response["X-Request-ID"] == "nginx-4f2a9c1b"
    response = client.get("/", headers={"x-request-id": "bad id\nwith newline"})
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def test_anonymous_request_logs_no_user(client, request_lines):
    client.get("/")
    [record] = [r for r in request_lines.records if r.name == "fuzhou_lle.request"]
    assert record.user_id is None


def test_successful_probes_are_not_logged(client, request_lines):
    client.get("/healthz")
    assert not [r for r in request_lines.records if r.name == "fuzhou_lle.request"]


@pytest.mark.urls("tests.core.broken_urls")
def test_500_page_shows_the_request_id_of_the_log_line(client, request_lines):
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"x-request-id": "clerk-screenshot-1"})
    assert response.status_code == 500
    assert '<code id="request-id">clerk-screenshot-1</code>' in response.content.decode()
    error = next(r for r in request_lines.records if r.name == "django.request")
    assert error.request_id == "clerk-screenshot-1"


def test_json_format_carries_the_fields(client, unit_user, request_lines):
    client.force_login(unit_user)
    response = client.get(reverse("my_work"))
    [record] = [r for r in request_lines.records if r.name == "fuzhou_lle.request"]
    line = json.loads(JsonFormatter("%(levelname)s %(name)s %(request_id)s %(message)s").format(record))
    assert line["name"] == "fuzhou_lle.request"
    assert line["user_id"] == unit_user.pk
    assert line["status"] == 200
    assert line["request_id"] == response["X-Request-ID"]


def test_each_job_logs_one_line(caplog, reference_units):
    caplog.set_level(logging.INFO, logger="fuzhou_lle.job")
    task_name = settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]["task"]
    celery_app.autodiscover_tasks(force=True)
    celery_app.tasks[task_name].apply()
    [record] = [r for r in caplog.records if r.name == "fuzhou_lle.job"]
    assert record.job == task_name
    assert record.state == "SUCCESS"
    assert record.request_id != "-"
