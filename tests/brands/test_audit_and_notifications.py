"""The nomination workflow's audit trail and notifications, event by event (driven with brands; awards use
the same services): one event, the right actor and target, before → after; exactly the right people told."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from brands import services as brand_services
from brands.models import Brand, Inspection
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Level, Status
from fuzhou_lle.reminders.models import Notification
from tests.brands.factories import (
    AssignmentFactory,
    BrandFactory,
    BrandNominationFactory,
    CriterionFactory,
    RoundFactory,
)
from tests.nominations import upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def everyone(committee_user, district_user, other_district_user, reviewer_user, unit_user):
    """Everyone who could be told; district_user (鼓楼区) is the nominating district."""


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def only_event(action):
    (event,) = AuditEvent.objects.filter(action=action)
    return event


def told(action):
    return sorted(n.recipient.username for n in Notification.objects.filter(event__action=action))


@pytest.fixture
def draft(district_user):
    nomination = BrandNominationFactory(created_by=district_user)
    services.evidence_add(nomination=nomination, user=district_user, upload=upload())
    return nomination


@pytest.fixture
def submitted(draft, district_user):
    return services.nomination_submit(nomination=draft, user=district_user)


@pytest.fixture
def under_review(submitted, committee_user):
    return services.nomination_accept(nomination=submitted, user=committee_user)


def test_create_records_the_district_fields(district_user, commit):
    round_ = RoundFactory()
    nomination = BrandNominationFactory.build(round=round_, name="书香鼓楼", created_by=district_user)
    commit(services.nomination_create, round_=round_, user=district_user, nomination=nomination)
    event = only_event("nomination.create")
    assert (event.actor, event.target_id) == (district_user, str(nomination.pk))
    assert event.changes["name"] == [None, "书香鼓楼"]
    assert "status" not in event.changes


def test_update_records_what_the_district_changed(draft, district_user, commit):
    old_name = draft.name
    draft.name, draft.year_started = "新名称", 2012
    commit(services.nomination_update, nomination=draft, user=district_user)
    assert only_event("nomination.update").changes == {
        "name": [old_name, "新名称"],
        "year_started": [2010, 2012],
    }


def test_update_of_a_submitted_nomination_is_refused(submitted, district_user):
    submitted.name = "偷改"
    with pytest.raises(PermissionDenied):
        services.nomination_update(nomination=submitted, user=district_user)
    submitted.refresh_from_db()
    assert submitted.name != "偷改"


def test_submit_is_audited_and_tells_nobody(draft, district_user, everyone, commit):
    commit(services.nomination_submit, nomination=draft, user=district_user)
    event = only_event("nomination.submit")
    assert (event.actor, event.changes) == (district_user, {"status": ["草稿", "已报送"]})
    assert not Notification.objects.exists()


def test_return_tells_the_district_why(submitted, committee_user, everyone, commit):
    commit(services.nomination_return, nomination=submitted, user=committee_user, reason="缺少照片")
    event = only_event("nomination.return")
    assert (event.actor, event.note, event.changes) == (
        committee_user,
        "缺少照片",
        {"status": ["已报送", "退回修改"]},
    )
    assert told("nomination.return") == ["gulou"]
    assert "缺少照片" in Notification.objects.get().message
    assert Notification.objects.get().url == submitted.get_absolute_url()


def test_accept_tells_the_district(submitted, committee_user, everyone, commit):
    commit(services.nomination_accept, nomination=submitted, user=committee_user)
    assert only_event("nomination.accept").changes == {"status": ["已报送", "评审中"]}
    assert told("nomination.accept") == ["gulou"]
    assert Notification.objects.count() == 1


def test_assign_tells_the_reviewer_only(under_review, committee_user, reviewer_user, everyone, commit):
    commit(
        services.assignment_create,
        nomination=under_review,
        reviewer=reviewer_user,
        user=committee_user,
        due_on=TODAY + timedelta(days=7),
    )
    event = only_event("nomination.assign")
    assert (event.actor, event.target_id) == (committee_user, str(under_review.pk))
    assert event.changes["reviewer"] == [None, str(reviewer_user)]
    assert told("nomination.assign") == [reviewer_user.username]
    assert Notification.objects.count() == 1


def test_score_change_records_before_and_after(reviewer_user, commit):
    assignment = AssignmentFactory(reviewer=reviewer_user)
    first, second = (
        CriterionFactory(round=assignment.nomination.round, name=name, max_score=50)
        for name in ("特色", "成效")
    )
    values = {first.pk: Decimal("30"), second.pk: Decimal("40")}
    commit(services.assignment_score, assignment=assignment, user=reviewer_user, values=values)
    commit(
        services.assignment_score,
        assignment=assignment,
        user=reviewer_user,
        values={**values, second.pk: Decimal("45")},
    )
    scored, changed = AuditEvent.objects.filter(action="score.save").order_by("pk")
    assert (scored.actor, scored.target_id) == (reviewer_user, str(assignment.pk))
    assert scored.changes == {"特色": [None, "30"], "成效": [None, "40"]}
    assert (changed.label, changed.changes) == ("修改评分", {"成效": ["40.0", "45"]})


@pytest.mark.parametrize(
    ("service", "action", "after"),
    [
        (services.nomination_shortlist, "nomination.shortlist", "入围"),
        (services.nomination_reject, "nomination.not_select", "未入选"),
    ],
)
def test_review_outcome_tells_the_district(
    under_review, committee_user, everyone, commit, service, action, after
):
    commit(service, nomination=under_review, user=committee_user)
    assert only_event(action).changes == {"status": ["评审中", after]}
    assert told(action) == ["gulou"]
    assert Notification.objects.count() == 1


def test_publicity_and_selection(under_review, committee_user, everyone, commit):
    round_ = under_review.round
    services.nomination_shortlist(nomination=under_review, user=committee_user)
    round_.closes_at = timezone.now() - timedelta(hours=1)
    round_.save()
    commit(services.round_publicity_start, round_=round_, user=committee_user, starts_on=TODAY, ends_on=TODAY)
    assert only_event("nomination.publicize").changes == {"status": ["入围", "公示中"]}
    [brand] = commit(
        brand_services.round_results_publish,
        round_=round_,
        user=committee_user,
        now=timezone.now() + timedelta(days=1),
    )
    assert only_event("nomination.select").changes == {"status": ["公示中", "入选"]}
    published = only_event("round.publish_results")
    assert (published.actor, published.target_id, published.note) == (
        committee_user,
        str(round_.pk),
        "入选 1 个",
    )
    assert told("nomination.select") == ["gulou"]
    assert told("nomination.shortlist") == []  # shortlisted outside a commit: nothing was dispatched
    assert Notification.objects.count() == 1
    assert brand.status == Brand.Status.ACTIVE


def test_reward_recommend_and_outcome(committee_user, everyone, commit):
    nomination = BrandNominationFactory(status=Status.SELECTED)
    commit(services.nomination_reward_set, nomination=nomination, user=committee_user, amount=Decimal("5000"))
    commit(services.nomination_reward_set, nomination=nomination, user=committee_user, amount=Decimal("8000"))
    first, second = AuditEvent.objects.filter(action="nomination.reward").order_by("pk")
    assert (first.changes, second.changes) == (
        {"reward_amount": [None, "5000"]},
        {"reward_amount": ["5000.00", "8000"]},
    )
    commit(services.nomination_recommend, nomination=nomination, user=committee_user, level=Level.PROVINCE)
    assert only_event("nomination.recommend").changes == {"province_outcome": ["", "已推荐，待结果"]}
    commit(
        services.nomination_outcome_record,
        nomination=nomination,
        user=committee_user,
        level=Level.PROVINCE,
        approved=True,
    )
    assert only_event("nomination.outcome").changes == {"province_outcome": ["已推荐，待结果", "获评"]}
    assert not Notification.objects.exists()


def test_evidence_added_and_deleted(draft, district_user, commit):
    evidence = draft.evidence.get()
    commit(services.evidence_delete, evidence=evidence, user=district_user)
    added, deleted = only_event("evidence.add"), only_event("evidence.delete")
    assert (added.actor, added.changes) == (district_user, {"evidence": [None, "证明.pdf"]})
    assert (deleted.actor, deleted.target_id, deleted.changes) == (
        district_user,
        str(draft.pk),
        {"evidence": ["证明.pdf", None]},
    )


def test_objection_is_recorded_without_personal_data(committee_user):
    nomination = BrandNominationFactory(status=Status.IN_PUBLICITY)
    round_ = nomination.round
    round_.publicity_starts_on, round_.publicity_ends_on = TODAY, TODAY + timedelta(days=5)
    round_.save()
    services.objection_submit(
        nomination=nomination, client_ip="10.0.0.1", name="张三", contact="13800000000", content="不属实"
    )
    event = only_event("objection.create")
    assert (event.actor, event.actor_name, event.changes, event.note) == (None, "系统", {}, "")


def test_round_create_and_update(committee_user, commit):
    round_ = RoundFactory.build(title="2016年第一批")
    criteria = [{"name": "特色", "description": "", "max_score": 50}]
    commit(services.round_save, round_=round_, criteria=criteria, quotas={}, user=committee_user)
    created = only_event("round.create")
    assert created.changes["title"] == [None, "2016年第一批"]
    assert created.changes["criteria"] == [None, ["特色（50）"]]
    round_.default_quota = 3
    commit(
        services.round_save,
        round_=round_,
        criteria=[*criteria, {"name": "成效", "description": "", "max_score": 50}],
        quotas={},
        user=committee_user,
    )
    assert only_event("round.update").changes == {
        "default_quota": [2, 3],
        "criteria": [["特色（50）"], ["特色（50）", "成效（50）"]],
    }


def test_inspection_scheduled_and_recorded(committee_user, commit):
    brand = BrandFactory()
    inspection = commit(
        brand_services.inspection_schedule, brand=brand, user=committee_user, due_on=TODAY + timedelta(days=9)
    )
    assert only_event("inspection.schedule").target_id == str(brand.pk)
    commit(
        brand_services.inspection_record,
        inspection=inspection,
        user=committee_user,
        done_on=TODAY,
        findings="活动停办半年",
        outcome=Inspection.Outcome.WARN,
    )
    event = only_event("brand.inspect")
    assert (event.actor, event.target_id) == (committee_user, str(brand.pk))
    assert event.changes["status"] == ["保持", "警告整改"]
    assert event.note == "警告整改：活动停办半年"


def test_each_event_notifies_once_even_if_dispatched_twice(submitted, committee_user, commit):
    from fuzhou_lle.reminders.notifications import event_notify

    commit(services.nomination_accept, nomination=submitted, user=committee_user)
    event = only_event("nomination.accept")
    assert event_notify(event_id=event.pk) == []
    assert Notification.objects.count() == 1
