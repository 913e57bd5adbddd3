"""Teacher photos and textbook files proposed by districts: checked by content, stored privately under random
names, and served by a permission-checked view: to everyone once approved, before that only to the committee
and the district that proposed them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Proposal, Teacher, Textbook
from fuzhou_lle.accounts.models import Role
from tests.factories import UserFactory
from tests.nominations import EXE_BYTES, PDF_BYTES, png_bytes, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def propose_textbook(client, file):
    data = {"title": "太极拳教程", "authors": "林伟英", "kind": "self", "file": file}
    return client.post(reverse("courses:propose", args=["textbook"]), data)


def propose_teacher(client, photo):
    return client.post(reverse("courses:propose", args=["teacher"]), {"name": "陈老师", "photo": photo})


def test_executable_named_pdf_is_refused_and_nothing_is_stored(client, district_user, private_storage_dir):
    client.force_login(district_user)
    response = propose_textbook(client, SimpleUploadedFile("教程.pdf", EXE_BYTES))
    assert response.status_code == 200
    assert "文件“教程.pdf”的类型不受支持：只接受 PDF、DOCX 文件" in response.content.decode()
    assert not Textbook.objects.exists()
    assert stored_files(private_storage_dir) == []


def test_textbook_file_is_private_under_a_random_name_until_approved(
    client, district_user, other_district_user, committee_user, private_storage_dir, media_root
):
    client.force_login(district_user)
    assert propose_textbook(client, SimpleUploadedFile("我的教材.pdf", PDF_BYTES)).status_code == 302
    textbook = Textbook.objects.get()
    [stored] = stored_files(private_storage_dir)
    assert stored.endswith(".pdf") and "教材" not in stored and len(stored) == 36
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))
    url = reverse("courses:textbook_file", args=[textbook.pk])
    assert client.get(url).status_code == 200  # the proposing district
    client.force_login(other_district_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(committee_user)
    assert "下载电子版" in client.get(reverse("courses:proposals")).content.decode()
    client.post(reverse("courses:proposal_decide", args=["textbook", textbook.pk]), {"decision": "approve"})
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert url in client.get(textbook.get_absolute_url()).content.decode()


def test_teacher_photo_is_checked_and_shown_only_once_approved(client, district_user, committee_user):
    client.force_login(district_user)
    html = propose_teacher(client, SimpleUploadedFile("陈.png", EXE_BYTES)).content.decode()
    assert "只接受 JPG、PNG 文件" in html
    assert propose_teacher(client, SimpleUploadedFile("陈老师的照片.png", png_bytes())).status_code == 302
    teacher = Teacher.objects.get(status=Proposal.PENDING)
    assert "陈老师" not in teacher.photo.name
    url = reverse("courses:teacher_photo", args=[teacher.pk])
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(committee_user)
    client.post(reverse("courses:proposal_decide", args=["teacher", teacher.pk]), {"decision": "approve"})
    client.logout()
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert url in client.get(teacher.get_absolute_url()).content.decode()


def test_admin_form_checks_the_photo_too(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    client.force_login(admin)
    response = client.post(
        reverse("admin:courses_teacher_add"),
        {"name": "王老师", "status": "approved", "photo": SimpleUploadedFile("王.jpg", EXE_BYTES)},
    )
    assert response.status_code == 200
    assert "文件“王.jpg”的类型不受支持" in response.content.decode()
    assert not Teacher.objects.exists()


def test_a_pending_file_is_for_the_proposing_districts_staff_not_everyone_in_its_unit(
    client, district_user, private_storage_dir
):
    client.force_login(district_user)
    propose_textbook(client, SimpleUploadedFile("我的教材.pdf", PDF_BYTES))
    propose_teacher(client, SimpleUploadedFile("陈老师的照片.png", png_bytes()))
    urls = [
        reverse("courses:textbook_file", args=[Textbook.objects.get().pk]),
        reverse("courses:teacher_photo", args=[Teacher.objects.get(name="陈老师").pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200]
    # A reviewer (or a unit liaison) whose account sits in the same district committee.
    for role in (Role.REVIEWER, Role.UNIT):
        client.force_login(UserFactory(role=role, unit=district_user.unit))
        assert [client.get(url).status_code for url in urls] == [404, 404]
