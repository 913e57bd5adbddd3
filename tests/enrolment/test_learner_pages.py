"""The learner's pages through the test client: enrol from the class page, the household page, offers by
link, check-in, data and the 学习证明."""

import datetime
import json

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from courses.enrolment import attendance, services
from courses.enrolment.models import ClassLimits, Enrolment, Household, Member, Status
from courses.models import Offering
from tests.courses.factories import OfferingFactory

from .conftest import household_sign_in
from .factories import HouseholdFactory, MemberFactory, open_class

pytestmark = pytest.mark.django_db


def test_the_class_page_offers_online_enrolment_and_a_qr_code(client):
    offering = open_class(seats=3)
    page = client.get(offering.get_absolute_url()).content.decode()
    assert reverse("enrolment:class_enrol", args=[offering.pk]) in page
    assert '<svg role="img"' in page and "在线报名" in page


def test_a_class_without_a_rule_says_how_to_enrol_instead(client):
    offering = OfferingFactory()
    page = client.get(offering.get_absolute_url()).content.decode()
    assert "在线报名" not in page and "请按下面的报名方式报名" in page


def test_a_visitor_is_asked_to_sign_in_on_the_enrol_page(client):
    offering = open_class()
    page = client.get(reverse("enrolment:class_enrol", args=[offering.pk])).content.decode()
    assert "获取验证码" in page and "登录并继续" in page


def test_enrolling_a_new_family_member_from_the_class_page(client):
    offering = open_class(seats=2)
    household = HouseholdFactory()
    household_sign_in(client, household)
    response = client.post(
        reverse("enrolment:class_enrol", args=[offering.pk]),
        {"member": "new", "name": "王秀英", "birth_year": 1956, "relation": "parent"},
    )
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "enrolment:done", args=[enrolment.pk]
    )
    assert enrolment.member.household == household and enrolment.status == Status.ENROLLED
    done = client.get(response["Location"]).content.decode()
    assert "王秀英 报名成功" in done


def test_a_full_class_offers_the_waitlist(client):
    offering = open_class(seats=1)
    services.enrolment_claim(household=(m := MemberFactory()).household, member=m, offering=offering)
    member = MemberFactory()
    household_sign_in(client, member.household)
    url = reverse("enrolment:class_enrol", args=[offering.pk])
    assert "加入候补" in client.get(url).content.decode()
    response = client.post(url, {"member": member.pk, "wait": "True"})
    assert Enrolment.objects.get(member=member).status == Status.WAITING
    assert "排第 1 位" in client.get(response["Location"]).content.decode()


def test_hostile_enrolments_change_nothing(client):
    offering = open_class(seats=3)
    ClassLimits.objects.create(offering=offering, min_age=55)
    member = MemberFactory(birth_year=timezone.localdate().year - 30)
    stranger = MemberFactory()
    household_sign_in(client, member.household)
    url = reverse("enrolment:class_enrol", args=[offering.pk])
    too_young = client.post(url, {"member": member.pk}).content.decode()
    assert "55 周岁以上" in too_young
    other_family = client.post(url, {"member": stranger.pk})
    assert other_family.status_code == 200 and "选择一个有效的选项" in other_family.content.decode()
    bad_new = client.post(url, {"member": "new", "name": "", "birth_year": 1800}).content.decode()
    assert "请填写姓名" in bad_new and "1900 到" in bad_new
    assert not Enrolment.objects.exists() and Offering.objects.get(pk=offering.pk).seats_left == 3


def test_a_real_name_class_checks_the_id_number(client):
    offering = open_class(seats=3)
    ClassLimits.objects.create(offering=offering, real_names=True)
    household_sign_in(client, HouseholdFactory())
    url = reverse("enrolment:class_enrol", args=[offering.pk])
    wrong = client.post(
        url, {"member": "new", "name": "甲", "birth_year": 1949, "id_number": "110105194912310021"}
    )
    assert "身份证号不正确" in wrong.content.decode()
    other_year = client.post(
        url, {"member": "new", "name": "甲", "birth_year": 1950, "id_number": "11010519491231002X"}
    )
    assert "出生年份不一致" in other_year.content.decode()
    client.post(url, {"member": "new", "name": "甲", "birth_year": 1949, "id_number": "11010519491231002x"})
    member = Member.objects.get(name="甲")
    assert member.id_number == "11010519491231002X"
    page = client.get(reverse("enrolment:member_update", args=[member.pk])).content.decode()
    assert "110***********002X" in page and "11010519491231002X" not in page


def test_a_rush_answers_please_wait_not_an_error(client, monkeypatch):
    offering = open_class(seats=3)
    member = MemberFactory()
    household_sign_in(client, member.household)

    def overloaded(**kwargs):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(services, "enrolment_claim", overloaded)
    response = client.post(reverse("enrolment:class_enrol", args=[offering.pk]), {"member": member.pk})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "请稍候" in response.content.decode() and 'name="member"' in response.content.decode()


def test_the_household_page_lists_members_classes_and_notices(client):
    offering = open_class(seats=3)
    member = MemberFactory(name="李建国")
    services.enrolment_claim(household=member.household, member=member, offering=offering)
    household_sign_in(client, member.household)
    page = client.get(reverse("enrolment:mine")).content.decode()
    assert "李建国" in page and offering.course.title in page and "报名成功" in page
    assert member.household.phone not in page  # shown masked


def test_another_households_records_are_not_found(client):
    offering = open_class(seats=3)
    member = MemberFactory()
    enrolment = services.enrolment_claim(household=member.household, member=member, offering=offering)
    household_sign_in(client, HouseholdFactory())
    assert client.get(reverse("enrolment:done", args=[enrolment.pk])).status_code == 404
    assert client.get(reverse("enrolment:member_update", args=[member.pk])).status_code == 404
    assert client.get(reverse("enrolment:certificate", args=[member.pk])).status_code == 404
    assert client.post(reverse("enrolment:cancel", args=[enrolment.pk])).status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.ENROLLED


def test_cancelling_from_the_household_page(client):
    offering = open_class(seats=1)
    member = MemberFactory()
    enrolment = services.enrolment_claim(household=member.household, member=member, offering=offering)
    household_sign_in(client, member.household)
    client.post(reverse("enrolment:cancel", args=[enrolment.pk]))
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.CANCELLED
    assert Offering.objects.get(pk=offering.pk).seats_left == 1
    again = client.post(reverse("enrolment:cancel", args=[enrolment.pk]), follow=True).content.decode()
    assert "该报名已经结束" in again


def test_members_are_added_edited_and_deleted(client):
    household = HouseholdFactory()
    household_sign_in(client, household)
    client.post(reverse("enrolment:member_create"), {"name": "张三", "birth_year": 1950, "relation": "self"})
    member = household.members.get()
    client.post(
        reverse("enrolment:member_update", args=[member.pk]),
        {"name": "张三丰", "birth_year": 1951, "relation": "self"},
    )
    assert Member.objects.get(pk=member.pk).name == "张三丰"
    duplicate = client.post(
        reverse("enrolment:member_create"), {"name": "张三丰", "birth_year": 1950, "relation": "self"}
    )
    assert "已有一位" in duplicate.content.decode()
    client.post(reverse("enrolment:member_delete", args=[member.pk]))
    assert not household.members.exists()


def test_an_offer_link_shows_accepts_and_cannot_be_replayed_or_forged(client):
    offering = open_class(seats=1)
    first = services.enrolment_claim(household=(a := MemberFactory()).household, member=a, offering=offering)
    waiting = services.enrolment_claim(
        household=(b := MemberFactory()).household, member=b, offering=offering, wait=True
    )
    services.enrolment_cancel(household=a.household, enrolment=first)
    waiting.refresh_from_db()
    url = services.offer_link(waiting)
    assert "请在" in client.get(url).content.decode()  # GET changes nothing (link previews)
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.OFFERED
    client.post(url, {"decision": "accept"})
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.ENROLLED
    replay = client.post(url, {"decision": "decline"}).content.decode()
    assert "已经处理过" in replay and Enrolment.objects.get(pk=waiting.pk).status == Status.ENROLLED
    forged = client.get(url[:-3] + "xx/")
    assert forged.status_code == 400 and "链接无效" in forged.content.decode()


def test_check_in_by_the_sessions_code(client):
    today = timezone.localdate()
    offering = open_class(
        seats=3,
        weekday=str(today.isoweekday()),
        first_date=today - datetime.timedelta(days=7),
        last_date=today + datetime.timedelta(days=70),
    )
    member = MemberFactory()
    enrolment = services.enrolment_claim(household=member.household, member=member, offering=offering)
    link = attendance.checkin_link(offering, today)
    household_sign_in(client, member.household)
    assert member.name in client.get(link).content.decode()
    client.post(link, {"enrolment": enrolment.pk})
    assert enrolment.attendances.get().present is True
    yesterday = attendance.checkin_link(offering, today - datetime.timedelta(days=7))
    assert "只能在当天签到" in client.get(yesterday).content.decode()


def test_the_certificate_counts_hours_across_terms(client, district_user):
    today = timezone.localdate()
    offering = open_class(
        seats=3,
        weekday=str(today.isoweekday()),
        first_date=today - datetime.timedelta(days=14),
        last_date=today + datetime.timedelta(days=70),
    )
    member = MemberFactory(name="王秀英")
    enrolment = services.enrolment_claim(household=member.household, member=member, offering=offering)
    for date in attendance.class_dates(offering, until=today):
        attendance.attendance_mark(
            user=district_user, offering=offering, date=date, enrolment=enrolment, present=True
        )
    household_sign_in(client, member.household)
    page = client.get(reverse("enrolment:certificate", args=[member.pk])).content.decode()
    assert "学习证明" in page and "王秀英" in page and "<td>4.5</td>" in page


def test_a_household_downloads_and_deletes_its_data(client):
    offering = open_class(seats=1)
    member = MemberFactory(name="李四")
    services.enrolment_claim(household=member.household, member=member, offering=offering)
    household_sign_in(client, member.household)
    data = json.loads(client.get(reverse("enrolment:my_data")).content)
    assert data["members"][0]["name"] == "李四" and data["members"][0]["enrolments"][0]["status"] == "已报名"
    assert client.get(reverse("enrolment:account_delete")).status_code == 200
    client.post(reverse("enrolment:account_delete"))
    assert not Household.objects.exists() and not Member.objects.exists()
    assert Offering.objects.get(pk=offering.pk).seats_left == 1
    assert client.get(reverse("enrolment:mine"))["Location"].startswith(reverse("enrolment:sign_in"))


def test_pages_of_a_household_ask_a_visitor_to_sign_in(client):
    response = client.get(reverse("enrolment:mine"))
    assert (
        response.status_code == 302
        and response["Location"] == reverse("enrolment:sign_in") + "?next=%2Fenrol%2Fmine%2F"
    )
