"""Courses' one write path: each service checks the actor itself and records one audit event with the
right actor, target and before → after (offering and teaching-point edits and deletes, approvals)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from courses import services
from courses.models import Offering, Proposal, TeachingPoint, Textbook
from fuzhou_lle.audit.models import AuditEvent

from .factories import OfferingFactory, TeacherFactory, TeachingPointFactory, TextbookFactory

pytestmark = pytest.mark.django_db


def only_event(action):
    (event,) = AuditEvent.objects.filter(action=action)
    return event


@pytest.fixture
def offering(gulou):
    return OfferingFactory(teaching_point=TeachingPointFactory(district=gulou, name="温泉街道社区学校"))


def test_offering_edit_records_before_and_after(offering, district_user):
    before = offering.seats_left
    offering.seats_left = 3
    services.offering_save(offering=offering, user=district_user)
    event = only_event("offering.update")
    assert (event.actor, event.target_id, event.label) == (district_user, str(offering.pk), "修改开课安排")
    assert event.changes == {"seats_left": [before, 3]}


def test_another_district_cannot_save_or_delete_an_offering(offering, other_district_user, reviewer_user):
    before = offering.seats_left
    offering.seats_left = 1
    for user in (other_district_user, reviewer_user):
        with pytest.raises(PermissionDenied):
            services.offering_save(offering=offering, user=user)
        with pytest.raises(PermissionDenied):
            services.offering_delete(offering=offering, user=user)
    assert Offering.objects.get().seats_left == before
    assert not AuditEvent.objects.about(offering).exists()


def test_moving_an_offering_to_another_districts_point_is_refused(offering, district_user, taijiang):
    offering.teaching_point = TeachingPointFactory(district=taijiang)
    with pytest.raises(PermissionDenied):
        services.offering_save(offering=offering, user=district_user)


def test_offering_delete_keeps_what_was_deleted(offering, district_user):
    pk = offering.pk
    services.offering_delete(offering=offering, user=district_user)
    event = only_event("offering.delete")
    assert (event.actor, event.target_id) == (district_user, str(pk))
    assert event.changes["seats"] == [offering.seats, None]
    assert not Offering.objects.exists()


def test_point_create_update_delete(gulou, district_user):
    point = TeachingPoint(district=gulou, name="鼓东街道社区学校", street="鼓东街道", address="鼓东路 1 号")
    services.searched_entry_save(entry=point, user=district_user)
    assert only_event("point.create").changes["name"] == [None, "鼓东街道社区学校"]
    point.capacity = 80
    services.searched_entry_save(entry=point, user=district_user)
    assert only_event("point.update").changes == {"capacity": [40, 80]}
    services.point_delete(point=point, user=district_user)
    assert only_event("point.delete").changes["name"] == ["鼓东街道社区学校", None]


def test_a_point_with_offerings_is_not_deleted(offering, district_user):
    with pytest.raises(ValidationError, match="还有开课安排"):
        services.point_delete(point=offering.teaching_point, user=district_user)
    assert TeachingPoint.objects.exists()
    assert not AuditEvent.objects.filter(action="point.delete").exists()


@pytest.mark.parametrize(
    ("factory", "approve", "action"),
    [
        (TeacherFactory, True, "teacher.approve"),
        (TeacherFactory, False, "teacher.reject"),
        (TextbookFactory, True, "textbook.approve"),
        (TextbookFactory, False, "textbook.reject"),
    ],
)
def test_proposal_decisions(committee_user, district_user, reference_units, factory, approve, action):
    entry = factory(status=Proposal.PENDING)
    with pytest.raises(PermissionDenied):
        services.proposal_decide(entry=entry, user=district_user, approve=True)
    services.proposal_decide(entry=entry, user=committee_user, approve=approve)
    event = only_event(action)
    assert (event.actor, event.target_id) == (committee_user, str(entry.pk))
    assert event.changes == {"status": ["待审核", "已入库" if approve else "未通过"]}
    with pytest.raises(ValidationError, match="已经处理过"):
        services.proposal_decide(entry=entry, user=committee_user, approve=True)


def test_textbook_proposal_is_audited(district_user):
    textbook = Textbook(title="社区茶艺", authors="编写组")
    services.proposal_submit(entry=textbook, user=district_user)
    event = only_event("textbook.propose")
    assert (event.actor, event.changes) == (district_user, {"status": [None, "待审核"]})
