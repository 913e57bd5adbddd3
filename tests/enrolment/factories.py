import datetime

import factory
from django.utils import timezone

from courses.enrolment.models import EnrolmentRule, Household, Member
from tests.courses.factories import OfferingFactory, TermFactory
from tests.factories import DistrictFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    phone = factory.Sequence(lambda n: f"139{n:08d}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"学员{n}")
    birth_year = 1955


class RuleFactory(factory.django.DjangoModelFactory):
    """A first-come rule of 鼓楼区 for the test term, open now."""

    class Meta:
        model = EnrolmentRule
        django_get_or_create = ["term", "district"]
        skip_postgeneration_save = True

    term = factory.SubFactory(TermFactory)
    district = factory.SubFactory(DistrictFactory, code="gulou", name="鼓楼区")
    mode = EnrolmentRule.Mode.FIRST_COME
    opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    cap = 2

    @factory.post_generation
    def seeded(self, create, extracted, **kwargs):
        if create and self.is_lottery and not self.seed:
            self.seed_new()
            self.save()


def open_class(seats=1, **kwargs):
    """An offering of 鼓楼区 under an open first-come rule, with all its seats free."""
    offering = OfferingFactory(seats=seats, seats_left=seats, **kwargs)
    RuleFactory(term=offering.term, district=offering.teaching_point.district)
    return offering
