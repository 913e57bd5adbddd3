"""Who may open the pages that change the timetable and the libraries, as a matrix."""

import datetime

import pytest
from django.urls import reverse

from courses.models import Offering, Proposal, Teacher, TeachingPoint
from fuzhou_lle.accounts.models import Role
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import district_committee_name
from tests.factories import UserFactory

from .factories import OfferingFactory, TeacherFactory, TeachingPointFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "committee_user",
    "unit_user",
    "district_user",
    "other_district_user",
    "reviewer_user",
    # 鼓楼区's own unit in the wrong role: rights follow the role and the unit together.
    "gulou_reviewer",
    "gulou_liaison",
]


@pytest.fixture
def gulou_reviewer(reference_units):
    unit = Unit.objects.get(name=district_committee_name("鼓楼区"))
    return UserFactory(username="gulou_reviewer", role=Role.REVIEWER, unit=unit)


@pytest.fixture
def gulou_liaison(reference_units):
    unit = Unit.objects.get(name=district_committee_name("鼓楼区"))
    return UserFactory(username="gulou_liaison", role=Role.UNIT, unit=unit)


@pytest.fixture
def gulou_offering(gulou):
    return OfferingFactory(teaching_point=TeachingPointFactory(district=gulou))


def as_persona(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def expected(persona, *, district=None, committee=None, own_object=False):
    """anonymous → login; the right user → 200; another district's object → 404; anyone else → 403."""
    if persona == "anonymous":
        return 302
    if persona == "district_user" and district:
        return district
    if persona == "other_district_user" and district:
        return 404 if own_object else district
    if persona == "committee_user" and committee:
        return committee
    return 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "own_object"),
    [
        ("courses:point_list", False),
        ("courses:point_create", False),
        ("courses:point_update", True),
        ("courses:offering_list", False),
        ("courses:offering_create", False),
        ("courses:offering_update", True),
        ("courses:import", False),
        ("courses:import_template", False),
    ],
)
def test_district_pages(client, request, gulou_offering, persona, name, own_object):
    as_persona(client, request, persona)
    args = []
    if name == "courses:point_update":
        args = [gulou_offering.teaching_point.pk]
    elif name == "courses:offering_update":
        args = [gulou_offering.pk]
    response = client.get(reverse(name, args=args))
    assert response.status_code == expected(persona, district=200, own_object=own_object)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["courses:offering_delete", "courses:point_delete"])
def test_only_the_owning_district_deletes(client, request, gulou_offering, persona, name):
    as_persona(client, request, persona)
    pk = gulou_offering.pk if name == "courses:offering_delete" else gulou_offering.teaching_point.pk
    response = client.post(reverse(name, args=[pk]))
    assert response.status_code == expected(persona, district=302, own_object=True)
    assert Offering.objects.exists() is (persona != "district_user" or name == "courses:point_delete")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["teacher", "textbook"])
def test_districts_propose_to_the_libraries(client, request, reference_units, persona, kind):
    as_persona(client, request, persona)
    response = client.get(reverse("courses:propose", args=[kind]))
    assert response.status_code == expected(persona, district=200, own_object=False)


@pytest.mark.parametrize("persona", PERSONAS)
def test_committee_decides_proposals(client, request, reference_units, persona):
    teacher = TeacherFactory(status=Proposal.PENDING)
    as_persona(client, request, persona)
    # The list of proposals is a page only the committee has; deciding one is refused.
    listed = client.get(reverse("courses:proposals")).status_code
    assert listed == (302 if persona == "anonymous" else 200 if persona == "committee_user" else 404)
    response = client.post(
        reverse("courses:proposal_decide", args=["teacher", teacher.pk]), {"decision": "approve"}
    )
    assert response.status_code == expected(persona, committee=302)
    teacher.refresh_from_db()
    assert (teacher.status == Proposal.APPROVED) is (persona == "committee_user")


def test_district_adds_a_teaching_point_in_its_own_district(client, district_user, gulou):
    client.force_login(district_user)
    response = client.post(
        reverse("courses:point_create"),
        {"name": "鼓东街道社区学校", "street": "鼓东街道", "address": "鼓东路 1 号", "capacity": 50},
    )
    assert response.status_code == 302
    assert TeachingPoint.objects.get().district == gulou


def test_district_adds_an_offering_only_at_its_own_points(client, district_user, other_district_user, gulou):
    offering = OfferingFactory(teaching_point=TeachingPointFactory(district=gulou))
    theirs = TeachingPointFactory(district=other_district_user.district)
    data = {
        "course": offering.course.pk,
        "term": offering.term.pk,
        "weekday": "4",
        "start_time": "14:00",
        "end_time": "15:30",
        "first_date": (offering.first_date + datetime.timedelta(days=2)).isoformat(),
        "last_date": offering.last_date.isoformat(),
        "teacher": offering.teacher.pk,
        "seats": 20,
        "seats_left": 20,
        "fee": 0,
        "published": "on",
    }
    client.force_login(district_user)
    response = client.post(reverse("courses:offering_create"), {**data, "teaching_point": theirs.pk})
    assert response.status_code == 200
    assert "teaching_point" in response.context["form"].errors
    response = client.post(
        reverse("courses:offering_create"), {**data, "teaching_point": offering.teaching_point.pk}
    )
    assert response.status_code == 302
    created = Offering.objects.get(weekday="4")
    assert list(Offering.objects.search(offering.course.title).filter(pk=created.pk)) == [created]


def test_bad_offering_form_says_why_in_chinese_and_saves_nothing(client, district_user, gulou):
    offering = OfferingFactory(teaching_point=TeachingPointFactory(district=gulou))
    client.force_login(district_user)
    response = client.post(
        reverse("courses:offering_update", args=[offering.pk]),
        {
            "course": offering.course.pk,
            "teaching_point": offering.teaching_point.pk,
            "term": offering.term.pk,
            "weekday": "2",
            "start_time": "10:00",
            "end_time": "09:00",
            "first_date": offering.first_date.isoformat(),
            "last_date": offering.last_date.isoformat(),
            "seats": 20,
            "seats_left": 25,
            "fee": 0,
        },
    )
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间。" in response.content.decode()
    assert "剩余名额不能多于招生名额。" in response.content.decode()
    offering.refresh_from_db()
    assert offering.end_time.hour == 10 and offering.seats == 30


def test_proposed_teacher_waits_for_the_committee(client, district_user, committee_user):
    client.force_login(district_user)
    response = client.post(
        reverse("courses:propose", args=["teacher"]),
        {"name": "赵新来", "affiliation": "鼓楼区老年大学", "phone": "13800000000"},
    )
    assert response.status_code == 302
    teacher = Teacher.objects.get(name="赵新来")
    assert teacher.status == Proposal.PENDING and teacher.proposed_by == district_user.unit
    assert client.get(teacher.get_absolute_url()).status_code == 404
    client.force_login(committee_user)
    assert "赵新来" in client.get(reverse("courses:proposals")).content.decode()
    client.post(reverse("courses:proposal_decide", args=["teacher", teacher.pk]), {"decision": "approve"})
    assert client.get(teacher.get_absolute_url()).status_code == 200


def test_proposed_textbook_with_bad_isbn_is_refused(client, district_user):
    client.force_login(district_user)
    response = client.post(
        reverse("courses:propose", args=["textbook"]),
        {"title": "书", "authors": "某", "isbn": "9780306406158", "kind": "published"},
    )
    assert response.status_code == 200
    assert "校验位" in response.content.decode()
