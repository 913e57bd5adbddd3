"""Who may see and do what, as a matrix of role × action × own or other district (through the pages)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fuzhou_lle.accounts.models import Role
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import district_committee_name
from tests.brands.factories import AssignmentFactory, BrandNominationFactory, CriterionFactory
from tests.factories import UserFactory
from tests.nominations import upload

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "committee",
    "own_district",
    "other_district",
    "reviewer",
    "other_reviewer",
    "own_district_reviewer",
    "unit",
]


@pytest.fixture
def people(committee_user, district_user, other_district_user, reviewer_user, unit_user):
    return {
        "anonymous": None,
        "committee": committee_user,
        "own_district": district_user,
        "other_district": other_district_user,
        "reviewer": reviewer_user,
        "other_reviewer": UserFactory(username="other_reviewer", role=Role.REVIEWER, unit=reviewer_user.unit),
        # A reviewer working for the 鼓楼 district committee: never sees 鼓楼's nominations.
        "own_district_reviewer": UserFactory(
            username="gulou_reviewer",
            role=Role.REVIEWER,
            unit=Unit.objects.get(name=district_committee_name("鼓楼区")),
        ),
        "unit": unit_user,
    }


@pytest.fixture
def under_review(people):
    """A 鼓楼 nomination under review, assigned to `reviewer` and (wrongly, bypassing the service)
    to the 鼓楼 reviewer, with one evidence file."""
    nomination = BrandNominationFactory(created_by=people["own_district"])
    services.evidence_add(nomination=nomination, user=people["own_district"], upload=upload())
    type(nomination).objects.filter(pk=nomination.pk).update(status=Status.UNDER_REVIEW)
    nomination.refresh_from_db()
    CriterionFactory(round=nomination.round, name="特色鲜明", max_score=40)
    AssignmentFactory(nomination=nomination, reviewer=people["reviewer"])
    AssignmentFactory(nomination=nomination, reviewer=people["own_district_reviewer"])
    return nomination


def _urls(nomination, reviewer):
    assignment = nomination.assignments.get(reviewer=reviewer)
    return {
        "view": reverse("brands:nomination_detail", args=[nomination.pk]),
        "edit": reverse("brands:nomination_edit", args=[nomination.pk]),
        "evidence": nomination.evidence.get().get_absolute_url(),
        "score": reverse("brands:score", args=[assignment.pk]),
        "ranking": reverse("brands:ranking", args=[nomination.round_id]),
    }


# role: (view, edit, evidence, score, ranking)
EXPECTED = {
    "anonymous": (302, 302, 302, 302, 302),
    "committee": (200, 403, 200, 404, 200),
    "own_district": (200, 403, 200, 404, 403),
    "other_district": (404, 404, 404, 404, 403),
    "reviewer": (200, 403, 200, 200, 403),
    "other_reviewer": (404, 404, 404, 404, 403),
    "own_district_reviewer": (404, 404, 404, 404, 403),
    "unit": (404, 404, 404, 404, 403),
}
ACTIONS = ["view", "edit", "evidence", "score", "ranking"]


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [(role, action, EXPECTED[role][i]) for role in ROLES for i, action in enumerate(ACTIONS)],
)
def test_nomination_under_review_matrix(client, people, under_review, role, action, expected):
    if people[role]:
        client.force_login(people[role])
    response = client.get(_urls(under_review, people["reviewer"])[action])
    assert response.status_code == expected


# role: status code of POST submit, and whether the draft got submitted
SUBMIT_EXPECTED = {
    "anonymous": (302, False),
    "committee": (403, False),
    "own_district": (302, True),
    "other_district": (404, False),
    "reviewer": (404, False),
    "unit": (404, False),
}


@pytest.mark.parametrize(("role", "expected"), SUBMIT_EXPECTED.items())
def test_draft_submit_matrix(client, people, role, expected):
    nomination = BrandNominationFactory(created_by=people["own_district"])
    services.evidence_add(nomination=nomination, user=people["own_district"], upload=upload())
    if people[role]:
        client.force_login(people[role])
    response = client.post(reverse("brands:nomination_action", args=[nomination.pk, "submit"]))
    nomination.refresh_from_db()
    assert (response.status_code, nomination.status == Status.SUBMITTED) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("own_district", 200),
        ("other_district", 404),
        ("committee", 403),
        ("reviewer", 404),
        ("anonymous", 302),
    ],
)
def test_draft_edit_matrix(client, people, role, expected):
    nomination = BrandNominationFactory(created_by=people["own_district"])
    if people[role]:
        client.force_login(people[role])
    assert client.get(reverse("brands:nomination_edit", args=[nomination.pk])).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("committee", 302), ("own_district", 403), ("reviewer", 404), ("other_district", 404)],
)
def test_only_committee_returns_a_submitted_nomination(client, people, role, expected):
    nomination = BrandNominationFactory(created_by=people["own_district"], status=Status.SUBMITTED)
    client.force_login(people[role])
    response = client.post(
        reverse("brands:nomination_action", args=[nomination.pk, "return"]), {"reason": "请补充材料"}
    )
    nomination.refresh_from_db()
    assert response.status_code == expected
    assert (nomination.status == Status.RETURNED) == (role == "committee")


def test_reviewer_does_not_see_other_reviewers_scores(client, people, under_review):
    criterion = under_review.round.criteria.get()
    other = AssignmentFactory(nomination=under_review, reviewer=people["other_reviewer"])
    services.assignment_score(
        assignment=other, user=people["other_reviewer"], values={criterion.pk: Decimal("37.5")}
    )
    client.force_login(people["reviewer"])
    mine = under_review.assignments.get(reviewer=people["reviewer"])
    for url in (under_review.get_absolute_url(), reverse("brands:score", args=[mine.pk])):
        html = client.get(url).content.decode()
        assert "37.5" not in html
    client.force_login(people["committee"])
    assert "37.5" in client.get(under_review.get_absolute_url()).content.decode()


def test_visible_to_lists_exactly_what_each_role_may_see(people, under_review):
    other = BrandNominationFactory(round=under_review.round, district=people["other_district"].district)
    model = type(under_review)
    seen = {
        role: set(model.objects.visible_to(user).values_list("pk", flat=True))
        for role, user in people.items()
        if user
    }
    assert seen == {
        "committee": {under_review.pk, other.pk},
        "own_district": {under_review.pk},
        "other_district": {other.pk},
        "reviewer": {under_review.pk},
        "other_reviewer": set(),
        "own_district_reviewer": set(),
        "unit": set(),
    }
