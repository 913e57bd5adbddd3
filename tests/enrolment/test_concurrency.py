"""Seats, caps and offers hold when many people press at once (PostgreSQL: row locks, the conditional
UPDATE and the constraints). Each thread has its own connection, outside the test's transaction, so what
one commits the others see; the test removes what it made."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from courses.enrolment import services
from courses.enrolment.models import Enrolment, EnrolmentRule, Household, HouseholdNotice, Member, Status
from courses.models import Category, Course, Offering, Teacher, TeachingPoint, Term
from fuzhou_lle.units.models import District
from tests.enrolment.factories import HouseholdFactory, MemberFactory, open_class

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite 不支持行锁（select_for_update）；请用 PostgreSQL 运行本测试",
    ),
]


def in_own_connection(function, *args):
    result = {}

    def run():
        try:
            result["value"] = function(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result.get("value")


def all_at_once(calls):
    """Run every call in its own thread and connection, released together; [(result or error)]."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except (ValidationError, Exception) as error:  # each outcome is inspected by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# What these tests commit, in the order it can be deleted; rows that were there before are kept.
MADE = [
    HouseholdNotice,
    Enrolment,
    Member,
    Household,
    EnrolmentRule,
    Offering,
    TeachingPoint,
    Course,
    Category,
    Teacher,
    Term,
    District,
]


def existing():
    return {model: set(model.objects.values_list("pk", flat=True)) for model in MADE}


def remove_made(before):
    """Remove what the test committed (the test database is shared by the tests that follow)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE fuzhou_lle_auditevent CASCADE")
    for model in MADE:
        model.objects.exclude(pk__in=before[model]).delete()


@pytest.fixture
def committed():
    before = in_own_connection(existing)
    yield
    in_own_connection(remove_made, before)


def test_fifty_learners_on_a_one_seat_class_give_exactly_one_enrolment(committed):
    def setup():
        offering = open_class(seats=1)
        return offering, [MemberFactory() for _ in range(50)]

    offering, members = in_own_connection(setup)
    outcomes = all_at_once(
        [
            lambda m=m: services.enrolment_claim(household=m.household, member=m, offering=offering)
            for m in members
        ]
    )
    enrolled = [o for o in outcomes if isinstance(o, Enrolment)]
    full = [o for o in outcomes if isinstance(o, services.ClassFull)]
    assert (len(enrolled), len(full)) == (1, 49), [
        o for o in outcomes if not isinstance(o, Enrolment | services.ClassFull)
    ]

    def count():
        return (
            Enrolment.objects.filter(offering=offering, status=Status.ENROLLED).count(),
            Offering.objects.get(pk=offering.pk).seats_left,
        )

    assert in_own_connection(count) == (1, 0)


def test_a_learner_at_the_cap_cannot_pass_it_from_two_tabs(committed):
    def setup():
        classes = [open_class(seats=5) for _ in range(3)]
        member = MemberFactory()
        services.enrolment_claim(household=member.household, member=member, offering=classes[0])
        return classes, member

    classes, member = in_own_connection(setup)  # cap 2: one class taken, one left
    outcomes = all_at_once(
        [
            lambda o=o: services.enrolment_claim(household=member.household, member=member, offering=o)
            for o in classes[1:]
        ]
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Enrolment", "ValidationError"]
    assert (
        in_own_connection(lambda: Enrolment.objects.filter(member=member, status=Status.ENROLLED).count())
        == 2
    )


def test_two_tabs_enrolling_the_same_learner_in_one_class_enrol_once(committed):
    def setup():
        return open_class(seats=5), MemberFactory()

    offering, member = in_own_connection(setup)
    outcomes = all_at_once(
        [lambda: services.enrolment_claim(household=member.household, member=member, offering=offering)] * 5
    )
    assert sum(isinstance(o, Enrolment) for o in outcomes) == 1
    assert in_own_connection(lambda: Offering.objects.get(pk=offering.pk).seats_left) == 4


def test_a_cancellation_promotes_exactly_one_waiting_learner(committed):
    def setup():
        offering = open_class(seats=1)
        first = MemberFactory()
        taken = services.enrolment_claim(household=first.household, member=first, offering=offering)
        for _ in range(10):
            m = MemberFactory()
            services.enrolment_claim(household=m.household, member=m, offering=offering, wait=True)
        return offering, taken

    offering, taken = in_own_connection(setup)
    # The holder cancels from two tabs at once while others try to take the seat.
    newcomers = in_own_connection(lambda: [MemberFactory() for _ in range(5)])
    calls = [lambda: services.enrolment_cancel(household=taken.member.household, enrolment=taken)] * 2
    calls += [
        lambda m=m: services.enrolment_claim(household=m.household, member=m, offering=offering)
        for m in newcomers
    ]
    outcomes = all_at_once(calls)

    def state():
        rows = Enrolment.objects.filter(offering=offering)
        return (
            rows.filter(status=Status.OFFERED).count(),
            rows.filter(status=Status.ENROLLED).count(),
            rows.filter(status=Status.WAITING).count(),
            Offering.objects.get(pk=offering.pk).seats_left,
        )

    assert in_own_connection(state) == (1, 0, 9, 0), outcomes
    assert sorted(type(o).__name__ for o in outcomes[:2]) == ["Enrolment", "ValidationError"]


def test_the_database_refuses_overfill_and_double_enrolment_whatever_the_code(committed):
    from django.db import IntegrityError, transaction

    def attempt():
        offering = open_class(seats=1)
        member = MemberFactory()
        refused = []
        try:
            with transaction.atomic():
                Offering.objects.filter(pk=offering.pk).update(seats_left=-1)
        except IntegrityError:
            refused.append("overfill")
        Enrolment.objects.create(offering=offering, member=member, term=offering.term, status=Status.ENROLLED)
        try:
            with transaction.atomic():
                Enrolment.objects.create(
                    offering=offering, member=member, term=offering.term, status=Status.WAITING
                )
        except IntegrityError:
            refused.append("double")
        household = HouseholdFactory.build(phone="12345")
        try:
            with transaction.atomic():
                household.save()
        except IntegrityError:
            refused.append("phone")
        return refused

    assert in_own_connection(attempt) == ["overfill", "double", "phone"]
