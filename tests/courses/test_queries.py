"""The guide's pages cost the same number of queries however large the timetable grows.

Measured at 200 offerings, then again after growing the same timetable to 20,000 with bulk_create
(a few seconds on SQLite and PostgreSQL)."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Offering

from .factories import (
    AudienceFactory,
    CourseFactory,
    TeacherFactory,
    TeachingPointFactory,
    TermFactory,
    next_weekday,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 200, 20_000


class Timetable:
    """Offerings spread over 20 points, 10 courses, 10 teachers, every weekday, hour and fee."""

    def __init__(self, district):
        self.term = TermFactory()
        self.points = [TeachingPointFactory(district=district, street=f"街道{n % 4}") for n in range(20)]
        self.courses = [CourseFactory(title=f"太极拳{n}") for n in range(10)]
        self.audience = AudienceFactory()
        for course in self.courses:
            course.audiences.add(self.audience)
        self.teachers = [TeacherFactory() for _ in range(10)]
        self.slots = itertools.product(range(6, 22), range(0, 60, 5), "1234567", self.courses, self.points)
        self.made = 0

    def grow_to(self, size):
        rows = []
        for hour, minute, weekday, course, point in itertools.islice(self.slots, size - self.made):
            first = next_weekday(self.term.start, int(weekday))
            n = self.made + len(rows)
            rows.append(
                Offering(
                    course=course,
                    teaching_point=point,
                    term=self.term,
                    weekday=weekday,
                    start_time=datetime.time(hour, minute),
                    end_time=datetime.time(hour + 1, minute),
                    first_date=first,
                    last_date=first + datetime.timedelta(weeks=10),
                    teacher=self.teachers[n % 10],
                    seats=30,
                    seats_left=n % 31,
                    fee=0 if n % 3 else 50,
                )
            )
        Offering.objects.bulk_create(rows, batch_size=2000)
        self.made = size
        assert Offering.objects.count() == size


def pages(timetable):
    return [
        ("courses:guide", {}),
        ("courses:guide", {"q": "太极", "district": "gulou", "weekday": "2", "time": "morning"}),
        (
            "courses:guide",
            {"street": "街道1", "audience": timetable.audience.pk, "free": "on", "seats": "on"},
        ),
        ("courses:guide", {"category": timetable.courses[0].category_id, "sort": "seats"}),
        ("courses:guide", {"q": "拳", "sort": "newest"}),
        ("courses:api-offering-list", {}),
        ("courses:api-offering-list", {"q": "太极", "district": "gulou", "time": "evening"}),
    ]


def queries_per_page(client, timetable):
    counts = []
    for name, params in pages(timetable):
        cache.clear()  # measure rendering the page, not serving it from the public page cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name), params)
        assert response.status_code == 200
        counts.append(len(captured))
    next_page = client.get(reverse("courses:api-offering-list")).json()["next"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(next_page).status_code == 200
    counts.append(len(captured))
    return counts


def test_guide_queries_do_not_grow_with_the_timetable(client, gulou):
    timetable = Timetable(gulou)
    timetable.grow_to(SMALL)
    small = queries_per_page(client, timetable)
    timetable.grow_to(LARGE)
    assert queries_per_page(client, timetable) == small
