"""Learners sign in with a mobile number and an SMS code: codes hashed, expiring, rate-limited, locked after
guesses, and no answer tells which numbers have accounts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.enrolment.models import Household, SignInCode
from courses.enrolment.signin.session import SESSION_KEY

from .factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def send(client, phone="13912345678", **extra):
    return client.post(reverse("enrolment:code_send"), {"phone": phone}, **extra)


def code_from(outbox):
    return re.search(r"验证码是 (\d{6})", outbox[-1]["text"]).group(1)


def verify(client, code, phone="13912345678", next_url=""):
    return client.post(reverse("enrolment:sign_in"), {"phone": phone, "code": code, "next": next_url})


def test_a_code_signs_in_and_makes_the_household(client, sms_outbox):
    send(client)
    assert sms_outbox[-1]["phone"] == "13912345678"
    code = code_from(sms_outbox)
    stored = SignInCode.objects.get()
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    response = verify(client, code, next_url="/enrol/mine/")
    assert response.status_code == 302 and response["Location"] == "/enrol/mine/"
    household = Household.objects.get(phone="13912345678")
    assert client.session[SESSION_KEY] == household.pk
    assert client.get(reverse("enrolment:mine")).status_code == 200


def test_a_household_session_is_not_a_staff_login(client, sms_outbox):
    send(client)
    verify(client, code_from(sms_outbox))
    assert client.get(reverse("my_work")).status_code == 302  # to the staff login


def test_a_code_works_once_and_expires(client, sms_outbox):
    send(client)
    code = code_from(sms_outbox)
    verify(client, code)
    client.post(reverse("enrolment:sign_out"))
    assert "验证码不正确或已过期" in verify(client, code).content.decode()
    cache_clear()
    send(client)
    SignInCode.objects.filter(used=False).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "验证码不正确或已过期" in verify(client, code_from(sms_outbox)).content.decode()


def cache_clear():
    from django.core.cache import cache

    cache.clear()


def test_five_wrong_guesses_void_the_code_and_ten_lock_the_number(client, sms_outbox):
    send(client)
    code = code_from(sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        verify(client, wrong)
    assert "验证码不正确或已过期" in verify(client, code).content.decode()  # voided by the guesses
    for _ in range(4):
        verify(client, wrong)
    response = verify(client, wrong)
    assert "错误次数过多" in verify(client, wrong).content.decode()
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_sending_is_limited_per_number_and_answers_alike_for_every_number(client, sms_outbox):
    HouseholdFactory(phone="13700000001")
    known = send(client, "13700000001", HTTP_HX_REQUEST="true").content.decode()
    unknown = send(client, "13700000002", HTTP_HX_REQUEST="true").content.decode()
    assert known.replace("0001", "0002") == unknown  # nothing tells which number has an account
    again = send(client, "13700000001", HTTP_HX_REQUEST="true").content.decode()
    assert "1 分钟后" in again
    assert len(sms_outbox) == 2


def test_sending_is_limited_per_address(client, sms_outbox):
    for n in range(20):
        send(client, f"1360000{n:04d}")
    assert "太频繁" in send(client, "13611111111", HTTP_HX_REQUEST="true").content.decode()
    assert len(sms_outbox) == 20


@pytest.mark.parametrize("phone", ["12345", "1391234567a", "23912345678", "", "139123456789"])
def test_a_malformed_number_is_refused_in_chinese_and_sends_nothing(client, sms_outbox, phone):
    response = send(client, phone, HTTP_HX_REQUEST="true")
    assert "请输入 11 位手机号码" in response.content.decode()
    assert sms_outbox == [] and not SignInCode.objects.exists()


def test_a_number_written_with_the_country_code_and_spaces_is_understood(client, sms_outbox):
    send(client, "+86 139-1234-5678")
    assert sms_outbox[-1]["phone"] == "13912345678"


def test_sign_in_never_redirects_off_site(client, sms_outbox):
    send(client)
    response = verify(client, code_from(sms_outbox), next_url="https://evil.example.com/")
    assert response["Location"] == reverse("enrolment:mine")
