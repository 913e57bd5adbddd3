"""A committee member enrols an authenticator at first sign-in, then signs in with it and with a recovery
code. Codes are computed from the key the page shows, as the app on a phone would."""

from base64 import b32decode
from io import StringIO

from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from fuzhou_lle.accounts.models import Role
from fuzhou_lle.accounts.services import user_create
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import COMMITTEE_OFFICE
from tests.otp import code_now, fresh_code

PASSWORD = "Committee-new-2026"
SHOTS = "/tmp/e2e-second-factor"


def sign_in_with_password(page):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("lin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).last.click()


def test_committee_enrols_then_signs_in_with_the_second_factor(page, logout, transactional_db):
    call_command("setup_portal", stdout=StringIO())
    user_create(
        username="lin", password=PASSWORD, role=Role.COMMITTEE, unit=Unit.objects.get(name=COMMITTEE_OFFICE)
    )

    sign_in_with_password(page)
    page.wait_for_url("**/accounts/two-factor/enrol/?next=*")
    assert page.get_by_role("heading", name="开启两步验证").is_visible()
    assert page.locator(".otp-qr svg").is_visible()
    page.screenshot(path=f"{SHOTS}-enrol.png", full_page=True)
    page.goto("/plan/tasks/")  # nothing else is reachable before enrolling
    page.wait_for_url("**/accounts/two-factor/enrol/?next=*")

    secret = b32decode(page.get_by_test_id("otp-secret").inner_text().replace(" ", ""))
    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="确认开启").click()
    page.get_by_text("验证码不正确或已过期").wait_for()
    page.wait_for_timeout(1100)  # a wrong code pauses the device for a second, about what retyping takes
    page.get_by_label("验证码").fill(code_now(secret))
    page.get_by_role("button", name="确认开启").click()
    page.get_by_role("heading", name="您的恢复码").wait_for()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=f"{SHOTS}-codes.png", full_page=True)
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url("**/plan/tasks/")
    logout()

    sign_in_with_password(page)
    page.wait_for_url("**/accounts/two-factor/verify/?next=*")
    page.screenshot(path=f"{SHOTS}-verify.png", full_page=True)
    page.get_by_label("验证码").fill("999999")
    page.get_by_role("button", name="验证").click()
    page.get_by_text("验证码不正确").wait_for()
    page.wait_for_timeout(1100)
    # The code a phone shows now; a device accepts each step's code once, so take the next step's if the
    # enrolment used this one.
    page.get_by_label("验证码").fill(fresh_code(TOTPDevice.objects.get(user__username="lin")))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url("**/my/")
    assert page.get_by_role("heading", name="我的工作").is_visible()
    logout()

    sign_in_with_password(page)
    page.wait_for_url("**/accounts/two-factor/verify/?next=*")
    page.get_by_label("验证码").fill(codes[0])
    page.get_by_role("button", name="验证").click()
    page.wait_for_url("**/my/")
    page.goto("/accounts/two-factor/")
    page.get_by_text("还剩 9 个未使用的恢复码。").wait_for()
