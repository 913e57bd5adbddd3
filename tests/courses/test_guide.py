import datetime
import re

import pytest
from django.urls import reverse

from courses.models import Offering

from .factories import (
    AudienceFactory,
    CategoryFactory,
    CourseFactory,
    OfferingFactory,
    TeacherFactory,
    TeachingPointFactory,
    TextbookFactory,
)

pytestmark = pytest.mark.django_db


CARD_TITLE = re.compile(r'<h3 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>')


def titles(response):
    return CARD_TITLE.findall(response.content.decode())


@pytest.fixture
def timetable(gulou, taijiang):
    elderly = AudienceFactory(name="老年人")
    farmers = AudienceFactory(name="新型职业农民")
    taichi = CourseFactory(title="太极拳入门", category=CategoryFactory(name="养生保健"))
    taichi.audiences.add(elderly)
    tea = CourseFactory(title="茉莉花茶种植", category=CategoryFactory(name="职业技能"))
    tea.audiences.add(farmers)
    wenquan = TeachingPointFactory(name="温泉街道社区学校", district=gulou, street="温泉街道")
    dongjie = TeachingPointFactory(name="东街街道社区学校", district=gulou, street="东街街道")
    yingzhou = TeachingPointFactory(name="瀛洲街道社区学校", district=taijiang, street="瀛洲街道")
    return {
        "morning": OfferingFactory(course=taichi, teaching_point=wenquan, weekday="2"),
        "evening": OfferingFactory(
            course=tea,
            teaching_point=dongjie,
            weekday="5",
            start_time=datetime.time(19, 0),
            end_time=datetime.time(20, 30),
            fee=100,
            seats_left=0,
        ),
        "afternoon": OfferingFactory(
            course=taichi,
            teaching_point=yingzhou,
            weekday="3",
            start_time=datetime.time(14, 30),
            end_time=datetime.time(16, 0),
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["morning", "afternoon", "evening"]),
        ({"q": "太极"}, ["morning", "afternoon"]),
        ({"district": "gulou"}, ["morning", "evening"]),
        ({"district": "gulou", "street": "东街街道"}, ["evening"]),
        ({"weekday": "3"}, ["afternoon"]),
        ({"time": "morning"}, ["morning"]),
        ({"time": "afternoon"}, ["afternoon"]),
        ({"time": "evening"}, ["evening"]),
        ({"free": "on"}, ["morning", "afternoon"]),
        ({"seats": "on"}, ["morning", "afternoon"]),
        ({"q": "太极", "district": "gulou", "weekday": "2", "time": "morning"}, ["morning"]),
        ({"sort": "seats", "seats": "on"}, ["morning", "afternoon"]),
    ],
)
def test_guide_filters_as_asked(client, timetable, params, expected):
    response = client.get(reverse("courses:guide"), params)
    assert response.status_code == 200
    assert titles(response) == [timetable[name].course.title for name in expected]
    assert f"找到 {len(expected)} 个开课安排" in response.content.decode()


def test_guide_filters_by_category_and_audience(client, timetable):
    farming = timetable["evening"].course
    by_category = client.get(reverse("courses:guide"), {"category": farming.category.pk})
    by_audience = client.get(reverse("courses:guide"), {"audience": farming.audiences.get().pk})
    assert titles(by_category) == titles(by_audience) == ["茉莉花茶种植"]


def test_guide_hides_unpublished_offerings(client, timetable):
    Offering.objects.filter(pk=timetable["morning"].pk).update(published=False)
    assert len(titles(client.get(reverse("courses:guide")))) == 2
    assert client.get(timetable["morning"].get_absolute_url()).status_code == 404


def test_guide_street_choices_follow_the_district(client, timetable):
    html = client.get(reverse("courses:guide"), {"district": "taijiang"}).content.decode()
    assert '<option value="瀛洲街道">' in html
    assert '<option value="温泉街道">' not in html


def test_keyset_pages_walk_every_row_once_both_ways(client, gulou):
    point = TeachingPointFactory(district=gulou)
    course = CourseFactory()
    for minute in range(45):
        OfferingFactory(
            course=course,
            teaching_point=point,
            start_time=datetime.time(8, minute),
            end_time=datetime.time(9, minute),
        )
    seen, pages, url = [], [], reverse("courses:guide") + "?district=gulou"
    while url:
        html = client.get(url).content.decode()
        pages.append(url)
        seen += re.findall(r"(\d\d:\d\d)–\d\d:\d\d</strong>", html)
        after = re.search(r'href="\?([^"]*after=[^"]+)" rel="next"', html)
        url = reverse("courses:guide") + "?" + after.group(1).replace("&amp;", "&") if after else None
    assert len(pages) == 3
    assert seen == [f"08:{minute:02d}" for minute in range(45)]
    last = client.get(pages[-1]).content.decode()
    before = re.search(r'href="\?([^"]*before=[^"]+)" rel="prev"', last).group(1).replace("&amp;", "&")
    middle = client.get(reverse("courses:guide") + "?" + before).content.decode()
    assert re.findall(r"(\d\d:\d\d)–\d\d:\d\d</strong>", middle) == seen[20:40]


def test_a_tampered_cursor_starts_from_the_top(client, timetable):
    response = client.get(reverse("courses:guide"), {"after": "not-a-cursor"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_public_pages_show_the_offering(client, timetable):
    offering = timetable["morning"]
    textbook = TextbookFactory(title="简化太极拳图解")
    offering.course.textbooks.add(textbook)
    pages = {
        offering.get_absolute_url(): [
            "太极拳入门",
            "星期二 09:00–10:30",
            "温泉街道社区学校",
            "加入我的日历",
            '<button class="btn btn-outline-primary btn-lg" type="button" data-print>打印本页</button>',
        ],
        offering.course.get_absolute_url(): ["太极拳入门", "简化太极拳图解", "温泉街道社区学校"],
        offering.teaching_point.get_absolute_url(): ["每周课表", "星期二", "太极拳入门"],
        offering.teacher.get_absolute_url(): [offering.teacher.name, "太极拳入门"],
        textbook.get_absolute_url(): ["简化太极拳图解", "太极拳入门"],
        reverse("courses:compiled"): ["鼓楼区", "台江区", "温泉街道社区学校", "星期二", "太极拳入门"],
        reverse("courses:compiled") + "?district=taijiang": ["台江区", "瀛洲街道社区学校"],
    }
    for url, texts in pages.items():
        html = client.get(url).content.decode()
        for text in texts:
            assert text in html, (url, text)


def test_compiled_guide_for_one_district_leaves_the_others_out(client, timetable):
    html = client.get(reverse("courses:compiled"), {"district": "taijiang"}).content.decode()
    assert "温泉街道社区学校" not in html
    assert client.get(reverse("courses:compiled"), {"district": "nowhere"}).status_code == 404


def test_pending_teacher_has_no_public_page(client):
    teacher = TeacherFactory(status="pending")
    assert client.get(teacher.get_absolute_url()).status_code == 404


def test_home_offers_the_guide_search_box(client, timetable):
    html = client.get(reverse("home")).content.decode()
    assert 'action="/courses/"' in html and 'name="q"' in html
    assert reverse("courses:compiled") in html
    assert "课程指南" in html  # the public navigation


def test_search_hint_is_help_text_under_the_field(client, db):
    html = client.get(reverse("courses:guide")).content.decode()
    assert 'aria-describedby="id_q_helptext"' in html
    assert '<div id="id_q_helptext" class="form-text">课程、老师、教学点或街道，如：太极</div>' in html
    assert "placeholder=" not in html
