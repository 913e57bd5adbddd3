import pytest
from django.urls import reverse

from fuzhou_lle.accounts.services import committee_permissions_sync

from .factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def committee_permissions(reference_units):
    """As `manage.py setup_portal` does in every installation."""
    committee_permissions_sync()


LIBRARIES = ["category", "audience", "course", "teacher", "textbook", "term"]


@pytest.mark.parametrize("model", LIBRARIES)
def test_committee_keeps_the_libraries_in_the_admin(client, committee_user, model):
    OfferingFactory()
    client.force_login(committee_user)
    assert client.get(reverse(f"admin:courses_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:courses_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", ["teachingpoint", "offering"])
def test_committee_reads_the_districts_timetables_in_the_admin(client, committee_user, model):
    OfferingFactory()
    client.force_login(committee_user)
    assert client.get(reverse(f"admin:courses_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:courses_{model}_add")).status_code == 403


def test_admin_shows_private_teacher_fields_apart(client, committee_user):
    teacher = OfferingFactory().teacher
    client.force_login(committee_user)
    html = client.get(reverse("admin:courses_teacher_change", args=[teacher.pk])).content.decode()
    assert "内部信息（不公开）" in html and teacher.phone in html


def test_district_has_no_admin(client, district_user):
    client.force_login(district_user)
    assert client.get(reverse("admin:courses_offering_changelist")).status_code == 302
