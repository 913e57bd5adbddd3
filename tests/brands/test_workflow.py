"""The shared workflow, driven through its services with brand nominations."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from brands import services as brand_services
from brands.models import Brand, DistrictQuota
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Level, Outcome, Phase, Status
from tests.brands.factories import BrandNominationFactory, CriterionFactory, RoundFactory, district
from tests.nominations import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(district_user):
    nomination = BrandNominationFactory(created_by=district_user)
    services.evidence_add(nomination=nomination, user=district_user, upload=upload())
    return nomination


def test_submit_moves_draft_to_submitted_and_logs_who_and_when(draft, district_user):
    submitted = services.nomination_submit(nomination=draft, user=district_user)
    assert submitted.status == Status.SUBMITTED
    assert submitted.submitted_at is not None
    [log] = submitted.transitions.all()
    assert (log.actor, log.from_status, log.to_status) == (district_user, Status.DRAFT, Status.SUBMITTED)


def test_incomplete_nomination_cannot_be_submitted(district_user):
    nomination = BrandNominationFactory(created_by=district_user, achievements="")
    with pytest.raises(ValidationError) as error:
        services.nomination_submit(nomination=nomination, user=district_user)
    assert error.value.messages == ["请先补充完整再报送，尚缺：主要成效、证明材料。"]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT


@pytest.mark.parametrize(("opens", "closes"), [(1, 10), (-10, -1)], ids=["not_yet_open", "already_closed"])
def test_submission_outside_the_round_window_is_refused(district_user, opens, closes):
    now = timezone.now()
    round_ = RoundFactory(opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes))
    nomination = BrandNominationFactory(round=round_, created_by=district_user)
    with pytest.raises(ValidationError, match="现在不能报送"):
        services.nomination_submit(nomination=nomination, user=district_user)


def _complete_draft(round_, user):
    nomination = BrandNominationFactory(round=round_, created_by=user)
    services.evidence_add(nomination=nomination, user=user, upload=upload())
    return nomination


def test_district_cannot_exceed_its_quota(district_user):
    round_ = RoundFactory(default_quota=1)
    services.nomination_submit(nomination=_complete_draft(round_, district_user), user=district_user)
    second = _complete_draft(round_, district_user)
    with pytest.raises(ValidationError) as error:
        services.nomination_submit(nomination=second, user=district_user)
    assert error.value.messages == ["本区在本批次的名额（1 个）已用完，不能再报送。"]


def test_quota_override_applies_to_its_district_only(district_user, other_district_user):
    round_ = RoundFactory(default_quota=1)
    DistrictQuota.objects.create(round=round_, district=district("gulou"), quota=2)
    for _ in range(2):
        services.nomination_submit(nomination=_complete_draft(round_, district_user), user=district_user)
    assert round_.quota_for(district("gulou")) == 2
    assert round_.quota_for(district("taijiang")) == 1


def test_return_requires_a_reason_and_resubmission_keeps_the_place(draft, district_user, committee_user):
    draft.round.default_quota = 1
    draft.round.save()
    services.nomination_submit(nomination=draft, user=district_user)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        services.nomination_return(nomination=draft, user=committee_user, reason="  ")
    returned = services.nomination_return(nomination=draft, user=committee_user, reason="请补充照片")
    assert (returned.status, returned.return_reason) == (Status.RETURNED, "请补充照片")
    resubmitted = services.nomination_submit(nomination=returned, user=district_user)
    assert resubmitted.status == Status.SUBMITTED
    assert [t.to_status for t in resubmitted.transitions.all()] == ["submitted", "returned", "submitted"]


def test_submitted_nomination_is_locked_for_the_district(draft, district_user):
    services.nomination_submit(nomination=draft, user=district_user)
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.nomination_submit(nomination=draft, user=district_user)
    with pytest.raises(PermissionDenied):
        services.evidence_add(nomination=draft, user=district_user, upload=upload())


def test_district_cannot_return_or_accept(draft, district_user):
    services.nomination_submit(nomination=draft, user=district_user)
    with pytest.raises(PermissionDenied):
        services.nomination_return(nomination=draft, user=district_user, reason="x")
    with pytest.raises(PermissionDenied):
        services.nomination_accept(nomination=draft, user=district_user)


def test_state_cannot_skip_steps(draft, committee_user):
    with pytest.raises(ValidationError) as error:
        services.nomination_shortlist(nomination=draft, user=committee_user)
    assert error.value.messages == ["当前状态为“草稿”，不能改为“入围”。"]


def test_database_refuses_an_unknown_status(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(draft).objects.filter(pk=draft.pk).update(status="approved_by_magic")


def test_whole_workflow_to_registry_and_upward_recommendation(draft, district_user, committee_user):
    round_ = draft.round
    services.nomination_submit(nomination=draft, user=district_user)
    services.nomination_accept(nomination=draft, user=committee_user)
    services.nomination_shortlist(nomination=draft, user=committee_user)
    round_.closes_at = timezone.now() - timedelta(hours=1)
    round_.save()
    today = timezone.localdate()
    services.round_publicity_start(round_=round_, user=committee_user, starts_on=today, ends_on=today)
    round_.refresh_from_db()
    assert round_.phase() == Phase.PUBLICITY
    with pytest.raises(ValidationError, match="公示期结束后才能公布结果"):
        brand_services.round_results_publish(round_=round_, user=committee_user)
    [brand] = brand_services.round_results_publish(
        round_=round_, user=committee_user, now=timezone.now() + timedelta(days=1)
    )
    draft.refresh_from_db()
    assert draft.status == Status.SELECTED
    assert brand.status == Brand.Status.ACTIVE
    round_.refresh_from_db()
    assert round_.phase() == Phase.PUBLISHED

    services.nomination_recommend(nomination=draft, user=committee_user, level=Level.PROVINCE)
    services.nomination_outcome_record(
        nomination=draft, user=committee_user, level=Level.PROVINCE, approved=True
    )
    draft.refresh_from_db()
    assert (draft.province_outcome, draft.nation_outcome) == (Outcome.APPROVED, Outcome.NONE)
    assert draft.transitions.last().note == "省级：获评"


def test_publicity_needs_a_shortlist(committee_user):
    round_ = RoundFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="还没有入围"):
        services.round_publicity_start(round_=round_, user=committee_user, starts_on=today, ends_on=today)


def test_round_phase_follows_the_clock():
    now = timezone.now()
    round_ = RoundFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    assert round_.phase(now) == Phase.UPCOMING
    assert round_.phase(now + timedelta(days=1, hours=1)) == Phase.OPEN
    assert round_.phase(now + timedelta(days=3)) == Phase.REVIEW


def test_round_closing_before_opening_is_invalid():
    now = timezone.now()
    round_ = RoundFactory.build(opens_at=now, closes_at=now - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        round_.full_clean()
    assert error.value.message_dict["closes_at"] == ["截止时间必须晚于开始时间。"]


def test_criterion_shows_its_maximum():
    assert str(CriterionFactory(name="特色鲜明", max_score=30)) == "特色鲜明（30分）"
