"""Staff pages: districts' rules and limits, the teacher's roster and attendance on a phone, release after
absences in a row, the roster as .xlsx, the check-in code, and the figures."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.enrolment import attendance, services
from courses.enrolment.models import (
    Attendance,
    ClassLimits,
    Enrolment,
    EnrolmentRule,
    HouseholdNotice,
    Status,
    TeacherAccount,
)
from tests.factories import UserFactory

from .factories import MemberFactory, open_class

pytestmark = pytest.mark.django_db


def weekly_class_until_today(weeks=8, seats=3):
    today = timezone.localdate()
    return open_class(
        seats=seats,
        weekday=str(today.isoweekday()),
        first_date=today - datetime.timedelta(weeks=weeks - 1),
        last_date=today + datetime.timedelta(weeks=8),
    )


def enrol(offering, **member):
    m = MemberFactory(**member)
    return services.enrolment_claim(household=m.household, member=m, offering=offering)


def test_a_district_sets_its_terms_rule(client, district_user):
    client.force_login(district_user)
    term = open_class().term
    EnrolmentRule.objects.all().delete()
    response = client.post(
        reverse("enrolment:rule_create"),
        {
            "term": term.pk,
            "mode": "lottery",
            "opens": "2030-03-01T08:00",
            "closes": "2030-03-05T20:00",
            "renewal_days": 2,
            "cap": 2,
            "offer_hours": 48,
            "absence_limit": 6,
            "draw_at": "2030-03-06T09:00",
            "priority": "returning",
        },
    )
    assert response.status_code == 302, response.content.decode()
    rule = EnrolmentRule.objects.get()
    assert rule.district == district_user.district and len(rule.commitment) == 64 and rule.seed
    assert rule.commitment in client.get(reverse("enrolment:lottery", args=[rule.pk])).content.decode()


def test_a_lottery_rule_needs_a_draw_after_the_close(client, district_user):
    term = open_class().term
    EnrolmentRule.objects.all().delete()
    client.force_login(district_user)
    page = client.post(
        reverse("enrolment:rule_create"),
        {
            "term": term.pk,
            "mode": "lottery",
            "opens": "2030-03-01T08:00",
            "closes": "2030-03-05T20:00",
            "renewal_days": 0,
            "cap": 2,
            "offer_hours": 48,
            "absence_limit": 6,
            "draw_at": "2030-03-04T09:00",
            "priority": "none",
        },
    ).content.decode()
    assert "摇号时间不能早于报名截止时间" in page and not EnrolmentRule.objects.exists()


def test_another_districts_rule_is_not_found(client, other_district_user):
    rule = EnrolmentRule.objects.get(pk=open_class().term.enrolment_rules.get().pk)
    client.force_login(other_district_user)
    assert client.get(reverse("enrolment:rule_update", args=[rule.pk])).status_code == 404
    assert client.get(reverse("enrolment:rules")).status_code == 200


def test_staff_pages_refuse_visitors_and_other_roles(client, unit_user):
    assert client.get(reverse("enrolment:teach"))["Location"].startswith("/accounts/login/")
    client.force_login(unit_user)
    for name in ["enrolment:teach", "enrolment:rules", "enrolment:figures"]:
        assert client.get(reverse(name)).status_code == 403


def test_a_district_sets_a_class_age_limit(client, district_user):
    offering = open_class()
    client.force_login(district_user)
    client.post(
        reverse("enrolment:limits", args=[offering.pk]), {"min_age": 55, "max_age": "", "real_names": "on"}
    )
    limits = ClassLimits.objects.get(offering=offering)
    assert (limits.min_age, limits.real_names) == (55, True)
    bad = client.post(
        reverse("enrolment:limits", args=[offering.pk]), {"min_age": 60, "max_age": 50}
    ).content.decode()
    assert "最高年龄不能小于最低年龄" in bad


def test_a_teacher_takes_attendance_by_tap_and_closes_the_roll(client):
    offering = weekly_class_until_today()
    teacher_user = UserFactory(username="teacher1")
    TeacherAccount.objects.create(user=teacher_user, teacher=offering.teacher)
    here, away = enrol(offering, name="到课"), enrol(offering, name="缺课")
    client.force_login(teacher_user)
    assert offering.course.title in client.get(reverse("enrolment:teach")).content.decode()
    today = timezone.localdate().isoformat()
    page = client.get(reverse("enrolment:roster", args=[offering.pk])).content.decode()
    assert "到课" in page and "缺课" in page
    client.post(
        reverse("enrolment:mark", args=[offering.pk]), {"date": today, "enrolment": here.pk, "present": "1"}
    )
    client.post(reverse("enrolment:close", args=[offering.pk]), {"date": today})
    marks = dict(Attendance.objects.values_list("enrolment_id", "present"))
    assert marks == {here.pk: True, away.pk: False}
    assert "到 1 / 2 人" in client.get(reverse("enrolment:roster", args=[offering.pk])).content.decode()


def test_a_teacher_reaches_only_their_own_classes(client):
    offering = weekly_class_until_today()
    other = weekly_class_until_today()
    teacher_user = UserFactory(username="teacher2")
    TeacherAccount.objects.create(user=teacher_user, teacher=offering.teacher)
    client.force_login(teacher_user)
    assert client.get(reverse("enrolment:roster", args=[other.pk])).status_code == 404
    assert client.get(reverse("enrolment:limits", args=[offering.pk])).status_code == 403


def test_attendance_cannot_be_taken_for_a_future_or_wrong_date(client, district_user):
    offering = weekly_class_until_today()
    enrolment = enrol(offering)
    client.force_login(district_user)
    future = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("enrolment:mark", args=[offering.pk]),
        {"date": future, "enrolment": enrolment.pk, "present": "1"},
        follow=True,
    )
    assert "不能点名" in response.content.decode() and not Attendance.objects.exists()
    wrong = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page = client.get(reverse("enrolment:roster", args=[offering.pk]) + f"?date={wrong}").content.decode()
    assert "不是这门课的上课日期" in page


def test_six_absences_in_a_row_release_the_seat_to_the_waitlist_with_notice(district_user):
    offering = weekly_class_until_today(weeks=7, seats=1)
    absent = enrol(offering, name="缺席")
    waiting = services.enrolment_claim(
        household=(m := MemberFactory()).household, member=m, offering=offering, wait=True
    )
    dates = attendance.class_dates(offering, until=timezone.localdate())
    attendance.attendance_mark(
        user=district_user, offering=offering, date=dates[0], enrolment=absent, present=True
    )
    for date in dates[1:6]:
        attendance.attendance_mark(
            user=district_user, offering=offering, date=date, enrolment=absent, present=False
        )
    assert Enrolment.objects.get(pk=absent.pk).status == Status.ENROLLED  # five in a row
    attendance.attendance_mark(
        user=district_user, offering=offering, date=dates[6], enrolment=absent, present=False
    )
    assert Enrolment.objects.get(pk=absent.pk).status == Status.RELEASED
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.OFFERED
    assert HouseholdNotice.objects.filter(household=absent.member.household, kind="released").exists()


def test_the_roster_downloads_as_a_spreadsheet(client, district_user):
    offering = weekly_class_until_today()
    enrolment = enrol(offering, name='=HYPERLINK("x")')
    attendance.attendance_mark(
        user=district_user, offering=offering, date=timezone.localdate(), enrolment=enrolment, present=True
    )
    client.force_login(district_user)
    response = client.get(reverse("enrolment:roster_xlsx", args=[offering.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "姓名" and rows[0][-1] == "出勤学时"
    assert rows[1][0] == '\'=HYPERLINK("x")' or not str(rows[1][0]).startswith("=")
    assert rows[1][-2] == "✓" and rows[1][-1] == 1.5


def test_the_check_in_code_is_shown_on_class_days(client, district_user):
    offering = weekly_class_until_today()
    client.force_login(district_user)
    page = client.get(reverse("enrolment:checkin_code", args=[offering.pk])).content.decode()
    assert '<svg role="img"' in page


def test_the_figures_by_district_category_and_audience(client, committee_user, district_user):
    offering = weekly_class_until_today(seats=1)
    enrolment = enrol(offering)
    services.enrolment_claim(
        household=(m := MemberFactory()).household, member=m, offering=offering, wait=True
    )
    attendance.attendance_mark(
        user=district_user, offering=offering, date=timezone.localdate(), enrolment=enrolment, present=True
    )
    client.force_login(committee_user)
    page = client.get(reverse("enrolment:figures")).content.decode()
    assert "鼓楼区" in page and "100.0%" in page
    by_category = client.get(reverse("enrolment:figures") + "?by=category").content.decode()
    assert offering.course.category.name in by_category
    sheet = load_workbook(BytesIO(client.get(reverse("enrolment:figures") + "?format=xlsx").content)).active
    assert list(sheet.values)[1][:3] == ("鼓楼区", 1, 1)


def test_the_poster_and_the_printed_guide_carry_qr_codes(client):
    offering = open_class()
    poster = client.get(reverse("enrolment:poster", args=[offering.teaching_point.pk])).content.decode()
    assert poster.count('<svg role="img"') == 2 and offering.course.title in poster
    guide = client.get(reverse("courses:compiled")).content.decode()
    assert '<svg role="img"' in guide
    svg = client.get(reverse("enrolment:class_qr", args=[offering.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
