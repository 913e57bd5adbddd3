from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Round, StarNomination
from fuzhou_lle.units.models import District
from tests.factories import UserFactory
from tests.nominations import png_bytes


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    year = 2015
    batch = factory.Sequence(lambda n: f"第{n + 1}届")
    title = factory.LazyAttribute(lambda o: f"{o.year}年福州市“终身学习之星”推选")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    default_quota = 2


class StarNominationFactory(factory.django.DjangoModelFactory):
    """A complete draft from 鼓楼区 with the nominee's consent and a photo."""

    class Meta:
        model = StarNomination

    round = factory.SubFactory(RoundFactory)
    district = factory.LazyFunction(lambda: District.objects.get(code="gulou"))
    created_by = factory.SubFactory(UserFactory)
    person_name = factory.Sequence(lambda n: f"林学{n}")
    gender = StarNomination.Gender.FEMALE
    birth_year = 1950
    occupation = "退休教师"
    deeds = "退休后坚持在社区老年大学学习书法十年，并义务教授邻居。"
    learning_achievements = "书法作品入选市老年书画展。"
    publication_consent = True
    photo = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="photo.png"))
