from io import StringIO

import pytest
from django.core.management import call_command

from courses.models import Offering, Teacher, TeachingPoint, Textbook
from fuzhou_lle.units.models import District

pytestmark = pytest.mark.django_db


def test_demo_timetable_covers_every_district_and_loads_once():
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    counts = [model.objects.count() for model in (Offering, TeachingPoint, Teacher, Textbook)]
    assert counts[0] >= 200
    assert TeachingPoint.objects.values("district").distinct().count() == District.objects.count() == 13
    assert Offering.objects.public().count() == counts[0]
    assert (
        Offering.objects.public()
        .search("太极")
        .of_district(District.objects.get(code="gulou"))
        .filter(weekday="2", start_time__hour__lt=12)
        .exists()
    )
    assert Offering.objects.search("濂江").exists()
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert [model.objects.count() for model in (Offering, TeachingPoint, Teacher, Textbook)] == counts


def test_my_work_shows_district_its_timetable_and_committee_its_proposals(
    client, district_user, committee_user
):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    client.force_login(district_user)
    html = client.get("/my/").content.decode()
    assert "鼓楼区：教学点 5 个" in html and "/courses/district/import/" in html
    client.force_login(committee_user)
    assert "待审核的推荐：教师 0 位，教材 0 本" in client.get("/my/").content.decode()
