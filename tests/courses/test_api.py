import datetime

import pytest
from django.urls import reverse

from .factories import CourseFactory, OfferingFactory, TeachingPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offerings(gulou, taijiang):
    taichi = CourseFactory(title="太极拳入门")
    return [
        OfferingFactory(course=taichi, teaching_point=TeachingPointFactory(district=gulou)),
        OfferingFactory(
            course=taichi,
            teaching_point=TeachingPointFactory(district=taijiang),
            start_time=datetime.time(19, 0),
            end_time=datetime.time(20, 0),
        ),
        OfferingFactory(
            course=CourseFactory(title="书法入门"), teaching_point=TeachingPointFactory(district=gulou)
        ),
    ]


def test_offerings_api_answers_with_the_guides_filters(client, offerings):
    url = reverse("courses:api-offering-list")
    data = client.get(url, {"q": "太极", "district": "gulou"}).json()
    assert [row["id"] for row in data["results"]] == [offerings[0].pk]
    row = data["results"][0]
    assert row["course"] == "太极拳入门"
    assert row["district"] == "鼓楼区"
    assert row["weekday_name"] == "星期二"
    assert row["url"] == offerings[0].get_absolute_url()
    assert [r["id"] for r in client.get(url, {"time": "evening"}).json()["results"]] == [offerings[1].pk]


def test_offerings_api_pages_by_cursor(client, offerings):
    first = client.get(reverse("courses:api-offering-list"), {"page_size": 2}).json()
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(ids) == sorted(o.pk for o in offerings)
    assert second["next"] is None


def test_api_is_read_only(client, offerings):
    response = client.post(reverse("courses:api-offering-list"), {"course": "x"})
    assert response.status_code == 405


def test_points_and_courses_are_listed(client, offerings):
    points = client.get(reverse("courses:api-point-list"), {"district__code": "taijiang"}).json()
    assert [p["id"] for p in points["results"]] == [offerings[1].teaching_point.pk]
    courses = client.get(reverse("courses:api-course-list")).json()
    assert {c["title"] for c in courses["results"]} == {"太极拳入门", "书法入门"}


def test_openapi_schema_describes_the_api(client):
    response = client.get(reverse("courses:api_schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].startswith("application/json") else None
    text = response.content.decode()
    assert "/courses/api/offerings/" in text
    assert "district" in text and "weekday" in text
    assert schema is None or schema["info"]["title"] == "福州市社区教育课表指南 API"


def test_api_root_lists_every_endpoint_and_the_schema(client):
    response = client.get("/courses/api/")
    assert response.status_code == 200
    assert response.json() == {
        "offerings": "http://testserver/courses/api/offerings/",
        "points": "http://testserver/courses/api/points/",
        "courses": "http://testserver/courses/api/courses/",
        "schema": "http://testserver/courses/api/schema/",
    }
