"""iCalendar (RFC 5545) feeds: one weekly recurring event per offering, in Fuzhou's time zone."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

SHANGHAI = ZoneInfo("Asia/Shanghai")


def offering_event(offering, *, base_url: str) -> Event:
    point = offering.teaching_point
    event = Event()
    event.add("uid", f"offering-{offering.pk}@{base_url.split('//')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", datetime.datetime.combine(offering.first_date, offering.start_time, SHANGHAI))
    event.add("dtend", datetime.datetime.combine(offering.first_date, offering.end_time, SHANGHAI))
    # UNTIL is in UTC when DTSTART has a time zone (RFC 5545 3.3.10); the last class's end is inclusive.
    until = datetime.datetime.combine(offering.last_date, offering.end_time, SHANGHAI).astimezone(
        datetime.UTC
    )
    event.add("rrule", {"freq": "weekly", "until": until})
    event.add("summary", offering.course.title)
    event.add("location", f"{point.district.name}{point.street} {point.name}（{point.address}）")
    lines = [f"{offering.term.name}"]
    if offering.teacher_id:
        lines.append(f"授课教师：{offering.teacher.name}")
    if offering.enrolment:
        lines.append(f"报名方式：{offering.enrolment}")
    event.add("description", "\n".join(lines))
    event.add("url", base_url + offering.get_absolute_url())
    return event


def timetable_calendar(offerings, *, name: str, base_url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//福州市终身教育促进委员会//课表指南//ZH")
    calendar.add("version", "2.0")
    # An X- property is not escaped as text unless marked so: a name with a line break would break the feed.
    calendar.add("x-wr-calname", vText(" ".join(name.split())))
    base_url = base_url or settings.PORTAL_BASE_URL
    for offering in offerings:
        calendar.add_component(offering_event(offering, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
