"""The enrolment services: first come, the waitlist and its offers, the cap, ages, real names, cancelling."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.enrolment import services
from courses.enrolment.models import ClassLimits, Enrolment, EnrolmentRule, HouseholdNotice, Status
from courses.enrolment.sms import locmem
from courses.models import Offering
from fuzhou_lle.audit.models import AuditEvent
from tests.courses.factories import OfferingFactory

from .factories import MemberFactory, RuleFactory, open_class

pytestmark = pytest.mark.django_db


def seats_left(offering):
    return Offering.objects.get(pk=offering.pk).seats_left


def claim(member, offering, **kwargs):
    return services.enrolment_claim(household=member.household, member=member, offering=offering, **kwargs)


def test_a_claim_takes_one_seat_and_is_audited_and_texted(celery_eager, django_capture_on_commit_callbacks):
    offering = open_class(seats=2)
    member = MemberFactory()
    locmem.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = claim(member, offering)
    assert enrolment.status == Status.ENROLLED
    assert seats_left(offering) == 1
    assert AuditEvent.objects.filter(action="enrolment.enrol", target_id=str(enrolment.pk)).count() == 1
    assert HouseholdNotice.objects.get(household=member.household).kind == "enrolled"
    assert [m["phone"] for m in locmem.outbox] == [member.household.phone]


def test_the_last_seat_goes_once_then_the_class_is_full():
    offering = open_class(seats=1)
    claim(MemberFactory(), offering)
    with pytest.raises(services.ClassFull):
        claim(MemberFactory(), offering)
    assert seats_left(offering) == 0
    assert Enrolment.objects.filter(offering=offering).count() == 1


def test_a_full_class_takes_a_waiting_learner_when_asked():
    offering = open_class(seats=1)
    claim(MemberFactory(), offering)
    waiting = claim(MemberFactory(), offering, wait=True)
    assert waiting.status == Status.WAITING
    assert waiting.waiting_position() == 1


def test_the_same_learner_cannot_enrol_twice():
    offering = open_class(seats=5)
    member = MemberFactory()
    claim(member, offering)
    with pytest.raises(ValidationError, match="已报名或候补"):
        claim(member, offering)
    assert seats_left(offering) == 4


def test_the_cap_counts_waitlists_and_refuses_the_next_class():
    rule_classes = [open_class(seats=1) for _ in range(3)]
    member = MemberFactory()
    claim(MemberFactory(), rule_classes[0])
    claim(member, rule_classes[0], wait=True)
    claim(member, rule_classes[1])
    with pytest.raises(ValidationError, match="最多报 2 门"):
        claim(member, rule_classes[2])
    assert seats_left(rule_classes[2]) == 1


def test_age_limits_and_real_names_are_enforced():
    offering = open_class(seats=3)
    ClassLimits.objects.create(offering=offering, min_age=55, real_names=True)
    young = MemberFactory(birth_year=timezone.localdate().year - 40)
    with pytest.raises(ValidationError, match="55 周岁以上"):
        claim(young, offering)
    old = MemberFactory(birth_year=1950)
    with pytest.raises(ValidationError, match="实名报名"):
        claim(old, offering)
    old.id_number = "11010519491231002X"
    old.save()
    assert claim(old, offering).status == Status.ENROLLED


def test_outside_the_window_nothing_is_taken():
    offering = OfferingFactory(seats=3, seats_left=3)
    RuleFactory(
        term=offering.term,
        district=offering.teaching_point.district,
        opens=timezone.now() + datetime.timedelta(days=2),
        closes=timezone.now() + datetime.timedelta(days=9),
    )
    with pytest.raises(ValidationError, match="报名尚未开始"):
        claim(MemberFactory(), offering)
    with pytest.raises(ValidationError, match="报名已截止"):
        claim(MemberFactory(), offering, now=timezone.now() + datetime.timedelta(days=10))
    assert seats_left(offering) == 3


def test_a_class_without_a_rule_takes_no_online_enrolment():
    offering = OfferingFactory(seats=3, seats_left=3)
    with pytest.raises(ValidationError, match="不接受网上报名"):
        claim(MemberFactory(), offering)


def test_cancelling_offers_the_seat_to_the_first_waiting_learner_only():
    offering = open_class(seats=1)
    first = claim(MemberFactory(), offering)
    second = claim(MemberFactory(), offering, wait=True)
    third = claim(MemberFactory(), offering, wait=True)
    services.enrolment_cancel(household=first.member.household, enrolment=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Status.OFFERED, Status.WAITING)
    assert seats_left(offering) == 0  # held for the offer
    notice = HouseholdNotice.objects.get(household=second.member.household, kind="offer")
    assert notice.link.startswith("/enrol/offers/")


def test_an_offer_accepted_by_its_link_enrols_and_the_link_is_then_spent():
    offering = open_class(seats=1)
    first = claim(MemberFactory(), offering)
    second = claim(MemberFactory(), offering, wait=True)
    services.enrolment_cancel(household=first.member.household, enrolment=first)
    second.refresh_from_db()
    token = services.offer_link(second).split("/")[-2]
    offer = services.offer_from_token(token)
    services.offer_decide(enrolment=offer, accept=True)
    assert Enrolment.objects.get(pk=second.pk).status == Status.ENROLLED
    with pytest.raises(ValidationError, match="已经处理过"):
        services.offer_decide(enrolment=services.offer_from_token(token), accept=True)


def test_a_forged_offer_link_is_refused():
    with pytest.raises(ValidationError, match="链接无效"):
        services.offer_from_token("eyJlIjoxLCJ4IjoxfQ:forged:signature")


def test_declining_passes_the_seat_on_and_the_last_decline_frees_it():
    offering = open_class(seats=1)
    first = claim(MemberFactory(), offering)
    second = claim(MemberFactory(), offering, wait=True)
    services.enrolment_cancel(household=first.member.household, enrolment=first)
    second.refresh_from_db()
    services.offer_decide(enrolment=second, accept=False)
    assert Enrolment.objects.get(pk=second.pk).status == Status.DECLINED
    assert seats_left(offering) == 1


def test_an_expired_offer_passes_on_with_the_sweep():
    offering = open_class(seats=1)
    first = claim(MemberFactory(), offering)
    second = claim(MemberFactory(), offering, wait=True)
    third = claim(MemberFactory(), offering, wait=True)
    services.enrolment_cancel(household=first.member.household, enrolment=first)
    later = timezone.now() + datetime.timedelta(hours=49)
    assert services.offers_sweep(now=later)["expired"] == 1
    assert Enrolment.objects.get(pk=second.pk).status == Status.EXPIRED
    third.refresh_from_db()
    assert third.status == Status.OFFERED
    assert third.offer_expires > later
    # Run again: nothing more to do.
    assert services.offers_sweep(now=later) == {"expired": 0, "reminded": 0, "offered": 0}


def test_the_sweep_reminds_an_offer_about_to_expire_once():
    offering = open_class(seats=1)
    first = claim(MemberFactory(), offering)
    second = claim(MemberFactory(), offering, wait=True)
    services.enrolment_cancel(household=first.member.household, enrolment=first)
    soon = timezone.now() + datetime.timedelta(hours=43)
    assert services.offers_sweep(now=soon)["reminded"] == 1
    assert services.offers_sweep(now=soon)["reminded"] == 0
    assert HouseholdNotice.objects.filter(household=second.member.household, kind="offer_soon").count() == 1


def test_seats_free_while_learners_wait_are_offered_by_the_sweep():
    offering = open_class(seats=1)
    claim(MemberFactory(), offering)
    waiting = claim(MemberFactory(), offering, wait=True)
    Offering.objects.filter(pk=offering.pk).update(seats=2, seats_left=1)  # the district added a seat
    assert services.offers_sweep()["offered"] == 1
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.OFFERED
    assert seats_left(offering) == 0


def test_renewal_days_let_only_last_terms_learners_in_early():
    from tests.courses.factories import TermFactory

    earlier = TermFactory(name="上学期", start=datetime.date(2020, 3, 1), end=datetime.date(2020, 7, 1))
    offering = OfferingFactory(seats=3, seats_left=3)
    old_class = OfferingFactory(
        term=earlier,
        course=offering.course,
        teaching_point=offering.teaching_point,
        seats=3,
        seats_left=3,
        first_date=datetime.date(2020, 3, 3),
        last_date=datetime.date(2020, 6, 2),
    )
    returning = MemberFactory()
    Enrolment.objects.create(offering=old_class, member=returning, term=earlier, status=Status.ENROLLED)
    RuleFactory(
        term=offering.term,
        district=offering.teaching_point.district,
        opens=timezone.now() + datetime.timedelta(days=1),
        closes=timezone.now() + datetime.timedelta(days=9),
        renewal_days=3,
        previous_term=earlier,
    )
    with pytest.raises(ValidationError, match="老生续报"):
        claim(MemberFactory(), offering)
    enrolment = claim(returning, offering)
    assert enrolment.returning is True


def test_a_household_has_at_most_four_members():
    member = MemberFactory()
    for n in range(3):
        services.member_save(household=member.household, member=MemberFactory.build(name=f"家人{n}"))
    with pytest.raises(ValidationError, match="最多添加 4 位"):
        services.member_save(household=member.household, member=MemberFactory.build(name="第五位"))


def test_deleting_a_household_frees_its_seats_and_removes_its_records():
    offering = open_class(seats=1)
    enrolment = claim(MemberFactory(), offering)
    household = enrolment.member.household
    services.household_delete(household=household)
    assert seats_left(offering) == 1
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert not type(household).objects.filter(pk=household.pk).exists()


def test_a_rule_refuses_a_window_closing_before_it_opens(district_user):
    offering = OfferingFactory()
    rule = EnrolmentRule(
        term=offering.term,
        district=offering.teaching_point.district,
        opens=timezone.now(),
        closes=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.rule_save(user=district_user, rule=rule)
