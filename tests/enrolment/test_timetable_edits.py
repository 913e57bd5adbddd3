"""A district's own edits of a class that takes online enrolment keep the seats honest and tell learners."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import services as courses_services
from courses.enrolment import services
from courses.enrolment.models import Enrolment, HouseholdNotice, Status
from courses.models import Offering

from .factories import MemberFactory, open_class

pytestmark = pytest.mark.django_db


def claim(offering, **kwargs):
    member = MemberFactory()
    return services.enrolment_claim(household=member.household, member=member, offering=offering, **kwargs)


def test_seats_cannot_go_below_the_learners_seated_and_the_counter_is_never_typed(district_user):
    offering = open_class(seats=3)
    claim(offering)
    claim(offering)
    offering = Offering.objects.get(pk=offering.pk)
    offering.seats, offering.seats_left = 1, 1
    with pytest.raises(ValidationError, match="不能少于 2"):
        courses_services.offering_save(offering=offering, user=district_user)
    offering = Offering.objects.get(pk=offering.pk)
    offering.seats, offering.seats_left = 5, 5  # a typed seats_left is replaced by the true one
    courses_services.offering_save(offering=offering, user=district_user)
    assert Offering.objects.get(pk=offering.pk).seats_left == 3


def test_seats_added_are_offered_to_the_waitlist_at_once(district_user):
    offering = open_class(seats=1)
    claim(offering)
    waiting = claim(offering, wait=True)
    offering = Offering.objects.get(pk=offering.pk)
    offering.seats = 2
    courses_services.offering_save(offering=offering, user=district_user)
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.OFFERED
    assert Offering.objects.get(pk=offering.pk).seats_left == 0


def test_learners_hear_of_a_new_time_and_of_a_class_withdrawn(district_user):
    offering = open_class(seats=3)
    enrolled = claim(offering)
    offering = Offering.objects.get(pk=offering.pk)
    offering.start_time, offering.end_time = datetime.time(14, 0), datetime.time(15, 30)
    courses_services.offering_save(offering=offering, user=district_user)
    changed = HouseholdNotice.objects.get(household=enrolled.member.household, kind="changed")
    assert "14:00" in changed.message
    offering.published = False
    courses_services.offering_save(offering=offering, user=district_user)
    assert HouseholdNotice.objects.filter(household=enrolled.member.household, kind="changed").count() == 2


def test_a_class_with_learners_is_unpublished_not_deleted(client, district_user):
    offering = open_class(seats=3)
    claim(offering)
    client.force_login(district_user)
    page = client.post(reverse("courses:offering_delete", args=[offering.pk]), follow=True).content.decode()
    assert "不能删除" in page and Offering.objects.filter(pk=offering.pk).exists()
