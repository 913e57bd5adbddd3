"""Every 报名 URL for the personas the portal-wide matrix (tests/test_url_matrix.py) cannot be: the demo
household signed in by its SMS code, another household, and the demo teacher (a portal user with no role).
Answers: 2xx, 3xx, login (the staff login), or an exact code."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from courses.enrolment import demo, services
from courses.enrolment.models import Enrolment, EnrolmentRule, Status
from fuzhou_lle.accounts.models import User

from .conftest import household_sign_in
from .factories import HouseholdFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["household", "stranger", "teacher"]
TABLE = """
# pattern                  method household stranger teacher
sign_in                    GET    3xx   3xx   2xx
code_send                  POST   3xx   3xx   3xx
sign_out                   POST   3xx   3xx   3xx
class_enrol                GET    2xx   2xx   2xx
done                       GET    2xx   404   3xx
mine                       GET    2xx   2xx   3xx
my_data                    GET    2xx   2xx   3xx
account_delete             GET    2xx   2xx   3xx
member_create              GET    2xx   2xx   3xx
member_update              GET    2xx   404   3xx
member_delete              POST   3xx   404   3xx
certificate                GET    2xx   404   3xx
cancel                     POST   3xx   404   3xx
offer                      GET    2xx   2xx   2xx
checkin                    GET    400   400   3xx
lottery                    GET    2xx   2xx   2xx
lottery_data               GET    404   404   404
lottery_algorithm          GET    2xx   2xx   2xx
class_qr                   GET    2xx   2xx   2xx
poster                     GET    2xx   2xx   2xx
rules                      GET    login login 403
rule_create                GET    login login 403
rule_update                GET    login login 403
teach                      GET    login login 2xx
roster                     GET    login login 2xx
mark                       POST   login login 404
close                      POST   login login 3xx
checkin_code               GET    login login 2xx
roster_xlsx                GET    login login 2xx
limits                     GET    login login 403
figures                    GET    login login 403
"""


def answer(response):
    if 200 <= response.status_code < 300:
        return "2xx"
    if 300 <= response.status_code < 400:
        return "login" if response["Location"].startswith(reverse("login")) else "3xx"
    return str(response.status_code)


def test_every_enrolment_url_answers_households_and_the_teacher_as_the_table_says():
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    enrolment = Enrolment.objects.get(member__household__phone=demo.DEMO_PHONE, status=Status.ENROLLED)
    # A waiting learner of the tai chi class offered a seat, so the offer page has a live link.
    offered = Enrolment.objects.filter(status=Status.WAITING).first()
    offered.status, offered.offer_expires = Status.OFFERED, enrolment.created_at.replace(year=2100)
    offered.save()
    args = {
        "class_enrol": [enrolment.offering_id],
        "class_qr": [enrolment.offering_id],
        "poster": [enrolment.offering.teaching_point_id],
        "done": [enrolment.pk],
        "cancel": [enrolment.pk],
        "member_update": [enrolment.member_id],
        "member_delete": [enrolment.member_id],
        "certificate": [enrolment.member_id],
        "offer": [services.offer_link(offered).split("/")[-2]],
        "checkin": ["forged"],
        "lottery": [EnrolmentRule.objects.get(mode="lottery").pk],
        "lottery_data": [EnrolmentRule.objects.get(mode="lottery").pk],
        "rule_update": [EnrolmentRule.objects.get(mode="first_come").pk],
        **{
            name: [enrolment.offering_id]
            for name in ["roster", "mark", "close", "checkin_code", "roster_xlsx", "limits"]
        },
    }
    stranger = HouseholdFactory()
    teacher = User.objects.get(username=demo.TEACHER_USERNAME)

    def client_of(persona):
        client = Client()
        if persona == "teacher":
            client.force_login(teacher)
        else:
            household_sign_in(client, enrolment.member.household if persona == "household" else stranger)
        return client

    rows = {}
    for line in TABLE.strip().splitlines():
        if not line.startswith("#"):
            name, method, *answers = line.split()
            rows[name] = (method, dict(zip(PERSONAS, answers, strict=True)))
    resolver = get_resolver().namespace_dict["enrolment"][1]
    names = {pattern.name for pattern in resolver.url_patterns}
    assert names == set(rows), f"rows missing: {names - set(rows)}, stale: {set(rows) - names}"
    wrong = []
    for name, (method, expected) in rows.items():
        url = reverse(f"enrolment:{name}", args=args.get(name, []))
        for persona in PERSONAS:
            client = client_of(persona)
            if method == "GET":
                response = client.get(url)
            else:  # an empty form, rolled back: one persona's request never changes what the next sees
                with transaction.atomic():
                    response = client.post(url)
                    transaction.set_rollback(True)
            got = answer(response)
            if got != expected[persona]:
                wrong.append(
                    f"{name} as {persona} ({method} {url}): table says {expected[persona]}, got {got}"
                )
    assert wrong == []
