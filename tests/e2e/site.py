"""The demo site the accessibility, layout and language tests walk: the demo data plus one round in
publicity, with the address of every main page for each persona."""

from datetime import timedelta
from importlib import import_module
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from awards.models import Assignment as StarAssignment
from awards.models import Round as StarRound
from awards.models import StarNomination
from brands.models import Assignment as BrandAssignment
from brands.models import Brand, BrandNomination
from brands.models import Round as BrandRound
from courses.enrolment import demo as enrolment_demo
from courses.enrolment.models import Enrolment, EnrolmentRule, Household
from courses.enrolment.signin.session import SESSION_KEY
from courses.models import Offering
from fuzhou_lle.accounts import demo
from fuzhou_lle.accounts.models import User
from fuzhou_lle.exports.models import ExportJob
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from tasks.models import Task
from tests.otp import after_password, code_for

PASSWORDS = {username: password for username, password, *_ in demo.DEMO_USERS}
PASSWORDS[enrolment_demo.TEACHER_USERNAME] = enrolment_demo.TEACHER_PASSWORD


def load_site() -> dict[str, list[str]]:
    """Load the demo and return the pages to check, by persona ("anonymous" for the public)."""
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    committee = User.objects.get(username="committee")
    brand_round = BrandRound.objects.get(year=2015)
    # One more place for 鼓楼区, so that its new-nomination form is reachable.
    BrandRound.objects.filter(pk=brand_round.pk).update(default_quota=3)
    star_round = StarRound.objects.get(year=2015)
    # The Star round's scored nomination goes into publicity, so the public notice has a page.
    scored = StarNomination.objects.filter(round=star_round, status=Status.UNDER_REVIEW).last()
    services.nomination_shortlist(nomination=scored, user=committee)
    today = timezone.localdate()
    services.round_publicity_start(
        round_=star_round, user=committee, starts_on=today, ends_on=today + timedelta(days=6)
    )
    offering = Offering.objects.public().select_related("teaching_point").first()
    draft = BrandNomination.objects.get(round=brand_round, status=Status.DRAFT)
    submitted = BrandNomination.objects.filter(round=brand_round, status=Status.SUBMITTED).first()
    open_task = Task.objects.filter(closed_on__isnull=True, milestones__isnull=False).first()
    closed_task = Task.objects.filter(closed_on__isnull=False).first()
    enrolled = Enrolment.objects.filter(member__household__phone=enrolment_demo.DEMO_PHONE).first()
    lottery = EnrolmentRule.objects.filter(mode=EnrolmentRule.Mode.LOTTERY).first()
    export = ExportJob.objects.create(
        owner=committee, title="工作台账", builder="x", rows_total=1000, rows_done=400, state="running"
    )
    return {
        "anonymous": [
            "/",
            "/plan/",
            "/courses/",
            "/courses/?q=太极",
            offering.get_absolute_url(),
            offering.teaching_point.get_absolute_url(),
            "/courses/print/?district=gulou",
            "/brands/",
            Brand.objects.listed().first().get_absolute_url(),
            "/awards/",
            f"/awards/stars/{StarNomination.objects.public().first().pk}/",
            f"/awards/rounds/{star_round.pk}/publicity/",
            "/accounts/login/",
            f"/enrol/classes/{enrolled.offering_id}/",
            "/enrol/sign-in/",
            lottery.get_absolute_url(),
            f"/enrol/points/{enrolled.offering.teaching_point_id}/poster/",
        ],
        "household": [
            "/enrol/mine/",
            f"/enrol/classes/{enrolled.offering_id}/",
            f"/enrol/done/{enrolled.pk}/",
            "/enrol/members/new/",
            f"/enrol/members/{enrolled.member_id}/certificate/",
            "/enrol/mine/delete/",
        ],
        "teacher": [
            "/enrol/teach/",
            f"/enrol/teach/{enrolled.offering_id}/",
            f"/enrol/teach/{enrolled.offering_id}/check-in-code/",
        ],
        "committee": [
            "/my/",
            "/my/deadlines/",
            "/plan/tasks/",
            open_task.get_absolute_url(),
            closed_task.get_absolute_url(),
            "/plan/dashboard/",
            "/plan/bulletin/",
            "/plan/import/",
            f"/plan/plans/{open_task.plan.year}/carryover/",
            brand_round.get_absolute_url(),
            f"/brands/rounds/{brand_round.pk}/ranking/",
            "/brands/rounds/new/",
            submitted.get_absolute_url(),
            "/exports/",
            export.get_absolute_url(),
        ],
        "unit": ["/my/", "/plan/tasks/mine/", open_task.get_absolute_url()],
        "district": [
            "/my/",
            brand_round.get_absolute_url(),
            f"/brands/rounds/{brand_round.pk}/new/",
            draft.get_absolute_url(),
            f"/brands/nominations/{draft.pk}/edit/",
            f"/awards/rounds/{star_round.pk}/",
            "/courses/district/import/",
            "/enrol/rules/",
            "/enrol/rules/new/",
            "/enrol/figures/",
            f"/enrol/teach/{enrolled.offering_id}/limits/",
        ],
        "reviewer": [
            "/my/",
            BrandAssignment.objects.filter(completed_at__isnull=True).first().get_absolute_url(),
            StarAssignment.objects.first().get_absolute_url(),
        ],
    }


def household_state(base_url) -> dict:
    """A browser state signed in as the demo household (as the SMS code would sign it in)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = Household.objects.get(phone=enrolment_demo.DEMO_PHONE).pk
    session.save()
    host = base_url.split("//", 1)[1].split(":")[0]
    return {
        "cookies": [
            {
                "name": "sessionid",
                "value": session.session_key,
                "domain": host,
                "path": "/",
                "expires": -1,
                "httpOnly": True,
                "secure": False,
                "sameSite": "Lax",
            }
        ],
        "origins": [],
    }


def sign_in(browser, base_url, username) -> dict:
    """Log in once through the real form; the returned state opens signed-in tabs in any viewport."""
    if username == "household":
        return household_state(base_url)
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORDS[username])
    page.get_by_role("button", name="登录", exact=True).last.click()
    if after_password(page):
        page.get_by_label("验证码").fill(code_for(username))
        page.get_by_role("button", name="验证").click()
    page.wait_for_url("**/my/")
    state = context.storage_state()
    context.close()
    return state
