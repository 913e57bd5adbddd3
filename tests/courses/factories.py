import datetime

import factory
from django.utils import timezone

from courses.models import Audience, Category, Course, Offering, Teacher, TeachingPoint, Term, Textbook
from tests.factories import DistrictFactory


def next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.isoweekday()) % 7)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = "养生保健"


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ["name"]

    name = "老年人"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ["title"]

    title = factory.Sequence(lambda n: f"测试课程{n}")
    category = factory.SubFactory(CategoryFactory)
    description = "课程简介"


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    name = factory.Sequence(lambda n: f"教师{n}")
    affiliation = "福州市社区大学"
    title = "讲师"
    bio = "热心社区教育。"
    phone = "13859110001"
    email = "private.teacher@example.com"
    id_number = "350102195001011234"
    notes = "内部备注：仅工作人员可见"


class TextbookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Textbook

    title = factory.Sequence(lambda n: f"教材{n}")
    authors = "编写组"


class TermFactory(factory.django.DjangoModelFactory):
    """A term running now, so its offerings are on the public guide."""

    class Meta:
        model = Term
        django_get_or_create = ["name"]

    name = "测试学期"
    start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=150))


class TeachingPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingPoint

    name = factory.Sequence(lambda n: f"测试教学点{n}")
    district = factory.SubFactory(DistrictFactory, code="gulou", name="鼓楼区")
    street = "温泉街道"
    address = "温泉路 1 号"
    contact = "0591-87654321"


class OfferingFactory(factory.django.DjangoModelFactory):
    """A published weekly class on Tuesday mornings; its search vector is built as every write path does."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    teaching_point = factory.SubFactory(TeachingPointFactory)
    term = factory.SubFactory(TermFactory)
    teacher = factory.SubFactory(TeacherFactory)
    weekday = "2"
    start_time = datetime.time(9, 0)
    end_time = datetime.time(10, 30)
    first_date = factory.LazyAttribute(lambda o: next_weekday(o.term.start, int(o.weekday)))
    last_date = factory.LazyAttribute(lambda o: o.first_date + datetime.timedelta(weeks=12))
    seats = 30
    seats_left = 10
    fee = 0

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            Offering.objects.filter(pk=self.pk).reindex()
