"""Teachers' phone numbers, email addresses, ID numbers and notes never leave the staff pages."""

import pytest
from django.urls import reverse

from .factories import OfferingFactory, TeacherFactory

pytestmark = pytest.mark.django_db

PRIVATE = {
    "phone": "13859117777",
    "email": "lin.private@example.com",
    "id_number": "350102196001017777",
    "notes": "只给工作人员看的备注",
}


def test_private_teacher_fields_appear_in_no_public_page_or_api_response(client, reference_units):
    teacher = TeacherFactory(name="林伟英", **PRIVATE)
    offering = OfferingFactory(teacher=teacher)
    point = offering.teaching_point
    # Pages that show the teacher, so the check below is not passed by an empty page.
    showing_teacher = [
        reverse("courses:guide"),
        reverse("courses:guide") + "?q=伟英",
        reverse("courses:compiled"),
        offering.get_absolute_url(),
        offering.course.get_absolute_url(),
        point.get_absolute_url(),
        teacher.get_absolute_url(),
        reverse("courses:offering_calendar", args=[offering.pk]),
        reverse("courses:point_calendar", args=[point.pk]),
        reverse("courses:api-offering-list"),
        reverse("courses:api-offering-detail", args=[offering.pk]),
    ]
    others = [
        reverse("home"),
        reverse("courses:api-point-list"),
        reverse("courses:api-course-list"),
        reverse("courses:api_schema"),
    ]
    for url in showing_teacher + others:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert ("林伟英" in body) == (url in showing_teacher), url
        for field, value in PRIVATE.items():
            assert value not in body, (url, field)
        assert "id_number" not in body
