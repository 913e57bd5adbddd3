"""Assigning reviewers, scoring within each criterion's maximum, ranking and its export."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from brands.models import Score
from fuzhou_lle.accounts.models import Role
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.ranking import rank_rows, round_ranking
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import district_committee_name
from tests.brands.factories import AssignmentFactory, BrandNominationFactory, CriterionFactory, RoundFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DUE = timezone.localdate() + timedelta(days=7)


@pytest.fixture
def round_():
    round_ = RoundFactory()
    CriterionFactory(round=round_, name="特色鲜明", max_score=40, order=1)
    CriterionFactory(round=round_, name="实际效果", max_score=60, order=2)
    return round_


@pytest.fixture
def nomination(round_, district_user):
    return BrandNominationFactory(round=round_, created_by=district_user, status=Status.UNDER_REVIEW)


def _values(round_, *scores):
    return {
        criterion.pk: Decimal(score) for criterion, score in zip(round_.criteria.all(), scores, strict=True)
    }


def test_committee_assigns_a_reviewer(nomination, committee_user, reviewer_user):
    assignment = services.assignment_create(
        nomination=nomination, reviewer=reviewer_user, user=committee_user, due_on=DUE
    )
    assert (assignment.reviewer, assignment.due_on, assignment.completed_at) == (reviewer_user, DUE, None)


def test_reviewer_from_the_nominations_district_cannot_be_assigned(nomination, committee_user):
    gulou_reviewer = UserFactory(
        role=Role.REVIEWER, unit=Unit.objects.get(name=district_committee_name("鼓楼区"))
    )
    with pytest.raises(ValidationError, match="来自推荐对象所在县（市）区"):
        services.assignment_create(
            nomination=nomination, reviewer=gulou_reviewer, user=committee_user, due_on=DUE
        )


def test_only_reviewers_can_be_assigned(nomination, committee_user, unit_user):
    with pytest.raises(ValidationError):
        services.assignment_create(nomination=nomination, reviewer=unit_user, user=committee_user, due_on=DUE)


def test_district_cannot_assign(nomination, district_user, reviewer_user):
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            nomination=nomination, reviewer=reviewer_user, user=district_user, due_on=DUE
        )


def test_assign_form_offers_no_reviewer_of_the_nominations_district(
    client, nomination, committee_user, reviewer_user
):
    UserFactory(
        name="鼓楼专家", role=Role.REVIEWER, unit=Unit.objects.get(name=district_committee_name("鼓楼区"))
    )
    client.force_login(committee_user)
    html = client.get(nomination.get_absolute_url()).content.decode()
    assert reviewer_user.name in html
    assert "鼓楼专家" not in html


def test_reviewer_scores_every_criterion(round_, nomination, reviewer_user):
    assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer_user)
    services.assignment_score(assignment=assignment, user=reviewer_user, values=_values(round_, "35", "50.5"))
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal("35.0"), Decimal("50.5")]
    assignment.refresh_from_db()
    assert assignment.completed_at is not None


def test_score_above_the_maximum_is_refused_in_chinese(client, round_, nomination, reviewer_user):
    assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer_user)
    with pytest.raises(ValidationError) as error:
        services.assignment_score(
            assignment=assignment, user=reviewer_user, values=_values(round_, "41", "10")
        )
    assert error.value.messages == ["“特色鲜明”的得分应在 0 到 40 分之间。"]
    client.force_login(reviewer_user)
    [first, second] = round_.criteria.all()
    response = client.post(
        reverse("brands:score", args=[assignment.pk]),
        {f"criterion_{first.pk}": "41", f"criterion_{second.pk}": "10"},
    )
    assert "得分不能超过满分 40 分。" in response.content.decode()
    assert Score.objects.count() == 0


def test_scores_are_locked_once_review_is_over(round_, nomination, reviewer_user):
    assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer_user)
    type(nomination).objects.filter(pk=nomination.pk).update(status=Status.SHORTLISTED)
    assignment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.assignment_score(assignment=assignment, user=reviewer_user, values=_values(round_, "1", "1"))


def test_ranking_averages_reviewers_and_orders_by_total(round_, district_user, reviewer_user):
    second_reviewer = UserFactory(role=Role.REVIEWER, unit=reviewer_user.unit)
    strong = BrandNominationFactory(round=round_, name="强", status=Status.UNDER_REVIEW)
    weak = BrandNominationFactory(round=round_, name="弱", status=Status.UNDER_REVIEW)
    unscored = BrandNominationFactory(round=round_, name="未评", status=Status.UNDER_REVIEW)
    BrandNominationFactory(round=round_, name="草稿")  # drafts are not ranked
    for reviewer, strong_scores, weak_scores in [
        (reviewer_user, ("40", "60"), ("10", "20")),
        (second_reviewer, ("30", "50"), ("20", "30")),
    ]:
        for nomination, scores in [(strong, strong_scores), (weak, weak_scores)]:
            assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer)
            services.assignment_score(assignment=assignment, user=reviewer, values=_values(round_, *scores))
    AssignmentFactory(nomination=unscored, reviewer=reviewer_user)

    criteria, nominations = round_ranking(round_, Score)
    rows = rank_rows(nominations, criteria)
    summary = [(r.rank, r.nomination.name, r.averages, r.total, r.reviewers, r.assigned) for r in rows]
    assert summary == [
        (1, "强", [Decimal("35.00"), Decimal("55.00")], Decimal("90.00"), 2, 2),
        (2, "弱", [Decimal("15.00"), Decimal("25.00")], Decimal("40.00"), 2, 2),
        (None, "未评", [None, None], None, 0, 1),
    ]


def test_ranking_exports_to_xlsx_for_the_committee_only(
    client, round_, nomination, reviewer_user, committee_user
):
    assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer_user)
    services.assignment_score(assignment=assignment, user=reviewer_user, values=_values(round_, "30", "45"))
    url = reverse("brands:ranking", args=[round_.pk]) + "?format=xlsx"
    client.force_login(reviewer_user)
    assert client.get(url).status_code == 403
    client.force_login(committee_user)
    response = client.get(url)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == (
        "排名",
        "名称",
        "县（市）区",
        "状态",
        "已评/已分配",
        "特色鲜明（40分）",
        "实际效果（60分）",
        "平均总分",
    )
    assert rows[1] == (1, nomination.name, "鼓楼区", "评审中", "1/1", 30, 45, 75)
