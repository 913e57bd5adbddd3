"""Permission-checked files: streamed by Django, or handed to nginx with X-Accel-Redirect when configured."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.services import progress_report_create
from tests.tasks.test_views import PDF, task  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(task, unit_user):  # noqa: F811
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    report = progress_report_create(
        task=task, user=unit_user, kind="progress", text="已部署", percent=10, files=[upload]
    )
    return report.evidence.get()


def test_without_accel_prefix_django_streams_the_file(client, unit_user, evidence, settings):
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""
    client.force_login(unit_user)
    response = client.get(evidence.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF
    assert "X-Accel-Redirect" not in response


def test_with_accel_prefix_nginx_sends_the_file_after_the_permission_check(
    client, unit_user, evidence, settings
):
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_private/"
    client.force_login(unit_user)
    response = client.get(evidence.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{evidence.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_with_accel_prefix_a_refused_user_gets_no_redirect(client, district_user, evidence, settings):
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_private/"
    client.force_login(district_user)
    response = client.get(evidence.get_absolute_url())
    assert response.status_code in {403, 404}
    assert "X-Accel-Redirect" not in response
