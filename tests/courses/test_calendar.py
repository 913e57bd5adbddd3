import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from .factories import OfferingFactory, TeachingPointFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return Calendar.from_ical(response.content)


def test_offering_calendar_is_a_weekly_event_in_shanghai_time(client, reference_units):
    offering = OfferingFactory(weekday="2", start_time=datetime.time(9, 0), end_time=datetime.time(10, 30))
    calendar = parse(client.get(reverse("courses:offering_calendar", args=[offering.pk])))
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime.datetime.combine(offering.first_date, datetime.time(9, 0))
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert event.decoded("DTEND").time() == datetime.time(10, 30)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    until = rule["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == datetime.timedelta(0)
    assert until.astimezone(start.tzinfo).date() == offering.last_date
    assert event["UID"] == f"offering-{offering.pk}@127.0.0.1:8000"
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == offering.course.title
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_teaching_point_calendar_holds_each_weekly_class(client, reference_units):
    point = TeachingPointFactory()
    monday = OfferingFactory(teaching_point=point, weekday="1")
    friday = OfferingFactory(teaching_point=point, weekday="5", course=monday.course)
    calendar = parse(client.get(reverse("courses:point_calendar", args=[point.pk])))
    uids = sorted(str(event["UID"]) for event in calendar.walk("VEVENT"))
    assert uids == sorted(f"offering-{o.pk}@127.0.0.1:8000" for o in (monday, friday))
    assert {event.decoded("DTSTART").isoweekday() for event in calendar.walk("VEVENT")} == {1, 5}


def test_a_teaching_point_named_with_a_line_break_keeps_its_calendar(client, reference_units):
    point = TeachingPointFactory(name="鼓楼区\r\n老年大学\n东街校区")
    OfferingFactory(teaching_point=point)
    calendar = parse(client.get(reverse("courses:point_calendar", args=[point.pk])))
    assert str(calendar["X-WR-CALNAME"]) == "鼓楼区 老年大学 东街校区"
    assert len(list(calendar.walk("VEVENT"))) == 1
