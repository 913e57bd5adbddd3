from datetime import timedelta

import factory
from django.utils import timezone

from brands.models import Assignment, Brand, BrandNomination, Criterion, Inspection, Round
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import District
from tests.factories import UserFactory


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open now, closing in ten days."""

    class Meta:
        model = Round

    kind = Round.Kind.COMMUNITY
    year = 2015
    batch = factory.Sequence(lambda n: f"第{n + 2}批")
    title = factory.LazyAttribute(lambda o: f"{o.year}年{o.batch}市级社区教育品牌")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    default_quota = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Iterator(["特色鲜明", "参与率高", "实际效果"])
    max_score = 40
    order = factory.Sequence(lambda n: n)


def district(code="gulou"):
    return District.objects.get(code=code)


class BrandNominationFactory(factory.django.DjangoModelFactory):
    """A complete draft from 鼓楼区 (add evidence before submitting)."""

    class Meta:
        model = BrandNomination

    round = factory.SubFactory(RoundFactory)
    district = factory.LazyFunction(district)
    created_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"书香社区{n}")
    organiser = "鼓东街道社区学校"
    category = BrandNomination.Category.READING
    year_started = 2010
    description = "每月一次的社区读书会。"
    achievements = "五年来累计服务居民两万人次。"
    participants_per_year = 4000
    contact_name = "王老师"
    contact_phone = "0591-87654321"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    nomination = factory.SubFactory(BrandNominationFactory, status=Status.UNDER_REVIEW)
    reviewer = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    nomination = factory.SubFactory(BrandNominationFactory, status=Status.SELECTED)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    brand = factory.SubFactory(BrandFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3))
