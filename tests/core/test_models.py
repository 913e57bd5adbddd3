from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.units.models import District, Unit

pytestmark = pytest.mark.django_db


def test_reference_units_cover_the_13_districts(reference_units):
    assert District.objects.count() == 13
    assert Unit.objects.district_committees().count() == 13
    assert list(District.objects.values_list("name", flat=True)[:3]) == ["鼓楼区", "台江区", "仓山区"]
    assert Unit.objects.committee_office().name == "市终身教育促进委员会办公室"


def test_members_are_member_units_and_the_university(reference_units):
    members = set(Unit.objects.members().values_list("name", flat=True))
    assert "市民政局" in members
    assert "市社区大学" in members
    assert "鼓楼区终身教育促进委员会" not in members
    assert "市终身教育促进委员会办公室" not in members


def test_district_committee_must_have_a_district(reference_units):
    with pytest.raises(IntegrityError):
        Unit.objects.create(name="无区委员会", kind=Unit.Kind.DISTRICT_COMMITTEE)


def test_member_unit_cannot_have_a_district(reference_units):
    with pytest.raises(IntegrityError):
        Unit.objects.create(name="某局", kind=Unit.Kind.MEMBER, district=District.objects.first())


def test_one_committee_per_district(reference_units):
    with pytest.raises(IntegrityError):
        Unit.objects.create(
            name="第二个鼓楼委员会",
            kind=Unit.Kind.DISTRICT_COMMITTEE,
            district=District.objects.get(code="gulou"),
        )


def test_database_refuses_unknown_unit_kind(reference_units):
    with pytest.raises(IntegrityError):
        Unit.objects.create(name="怪单位", kind="alien")


def test_roles_come_from_groups(district_user, committee_user, unit_user):
    assert district_user.is_district and not district_user.is_committee
    assert district_user.district.name == "鼓楼区"
    assert committee_user.is_committee and committee_user.district is None
    assert unit_user.has_role(Role.UNIT) and not unit_user.has_role(Role.REVIEWER)


def test_inactive_user_has_no_role(district_user):
    district_user.is_active = False
    assert not district_user.is_district


def test_load_demo_is_safe_to_run_twice():
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    users = User.objects.count()
    units = Unit.objects.count()
    out = StringIO()
    call_command("load_demo", "--i-know-this-is-not-production", stdout=out)
    assert User.objects.count() == users == 6
    assert Unit.objects.count() == units
    assert "Committee#2015" not in out.getvalue()  # passwords are printed once, when created
    committee = User.objects.get(username="committee")
    assert committee.is_committee and committee.is_staff
    assert committee.has_perm("fuzhou_lle.change_unit")
