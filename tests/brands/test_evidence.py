"""Evidence files through the pages: refused files leave nothing behind; files are served only to
those who may see the nomination, from the private storage under generated names."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brands.models import Evidence
from fuzhou_lle.files.uploads import EVIDENCE
from tests.brands.factories import BrandNominationFactory
from tests.nominations import EXE_BYTES, PDF_BYTES, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(district_user):
    return BrandNominationFactory(created_by=district_user)


def _upload(client, nomination, name, content):
    url = reverse("brands:evidence_upload", args=[nomination.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_district_uploads_a_pdf_stored_privately_under_a_generated_name(
    client, district_user, draft, private_storage_dir
):
    client.force_login(district_user)
    response = _upload(client, draft, "活动总结.pdf", PDF_BYTES)
    assert "已上传。" in response.content.decode()
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "活动总结.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    [stored] = stored_files(private_storage_dir)
    assert stored.endswith(".pdf") and "活动总结" not in stored and len(stored) == 36
    assert not str(private_storage_dir).startswith(str(settings.MEDIA_ROOT))

    download = client.get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")


def test_renamed_executable_is_refused_and_nothing_is_stored(
    client, district_user, draft, private_storage_dir
):
    client.force_login(district_user)
    response = _upload(client, draft, "证明.pdf", EXE_BYTES)
    assert "文件“证明.pdf”的类型不受支持" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert stored_files(private_storage_dir) == []


def test_oversized_file_is_refused_and_nothing_is_stored(client, district_user, draft, private_storage_dir):
    client.force_login(district_user)
    response = _upload(client, draft, "大文件.pdf", PDF_BYTES + b"0" * EVIDENCE.max_bytes)
    assert "文件“大文件.pdf”超过 10 MB" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert stored_files(private_storage_dir) == []


def test_another_districts_file_is_a_404_even_with_its_url(client, district_user, other_district_user, draft):
    client.force_login(district_user)
    _upload(client, draft, "证明.pdf", PDF_BYTES)
    url = Evidence.objects.get().get_absolute_url()
    client.force_login(other_district_user)
    assert client.get(url).status_code == 404
    assert client.post(reverse("brands:evidence_delete", args=[Evidence.objects.get().pk])).status_code == 404


def test_district_deletes_its_draft_evidence_and_the_file(
    client, district_user, draft, private_storage_dir, django_capture_on_commit_callbacks
):
    client.force_login(district_user)
    _upload(client, draft, "证明.pdf", PDF_BYTES)
    # The file goes once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("brands:evidence_delete", args=[Evidence.objects.get().pk]))
    assert Evidence.objects.count() == 0
    assert stored_files(private_storage_dir) == []
