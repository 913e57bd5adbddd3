"""报名 in a real browser, on a phone in 大字号: the QR code beside a class leads to its page; from there a
new citizen signs in with an SMS code, enrols a family member and sees the confirmation, in at most three
screens after the class page. The teacher then takes attendance on a phone. Every page checked measures
the 适老化 numbers: body text ≥ 24 px, header controls ≥ 60 px tall, the header ≤ a fifth of 844 px."""

import os
import re

import segno

from courses.enrolment.models import Attendance, Enrolment, Status
from courses.enrolment.qr import absolute
from courses.enrolment.sms import locmem
from tests.e2e.site import sign_in

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("E2E_SCREENSHOTS")

# The numbers of a page in large text: body font size, the header's height, its shortest control.
NUMBERS = """() => {
  const header = document.querySelector('.site-header .header-bar').getBoundingClientRect();
  const controls = [...document.querySelectorAll('.header-tools > *')]
    .filter(el => el.offsetParent !== null)
    .map(el => (el.matches('form') ? el.querySelector('button') : el).getBoundingClientRect().height);
  return {body: parseFloat(getComputedStyle(document.querySelector('main')).fontSize),
          header: document.querySelector('.site-header').getBoundingClientRect().height,
          control: Math.min(...controls)};
}"""


def large_phone(browser, live_server, state=None):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, storage_state=state, locale="zh-CN"
    )
    context.add_cookies([{"name": "text_size", "value": "large", "url": live_server.url}])
    context.set_default_timeout(15_000)
    return context.new_page()


def check_numbers(page, problems, name):
    numbers = page.evaluate(NUMBERS)
    if numbers["body"] < 24:
        problems.append(f"{name}: body text {numbers['body']}px")
    if numbers["control"] < 60:
        problems.append(f"{name}: a header control {numbers['control']:.0f}px tall")
    if numbers["header"] > PHONE["height"] / 5:
        problems.append(f"{name}: header {numbers['header']:.0f}px of {PHONE['height']}")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"enrol-{name}.png"), full_page=True)


def test_a_citizen_enrols_a_family_member_from_a_qr_code_in_three_screens(browser, live_server, demo_site):
    enrolled = Enrolment.objects.filter(status=Status.ENROLLED).select_related("offering").first()
    offering = enrolled.offering
    page = large_phone(browser, live_server)
    problems = []
    # The QR code printed beside the class encodes the class page's address (the poster's, here).
    page.goto(f"/enrol/points/{offering.teaching_point_id}/poster/")
    url = absolute(offering.get_absolute_url())
    expected = segno.make(url, error="m").svg_inline(scale=2, border=2, dark="#000", light="#fff")
    drawn = re.search(r'd="([^"]+)"', expected).group(1)
    assert drawn in page.content()
    check_numbers(page, problems, "poster")

    page.goto(offering.get_absolute_url())  # what the phone opens on scanning
    check_numbers(page, problems, "class-page")
    screens = 0
    page.get_by_role("link", name=re.compile("在线报名|加入候补")).click()
    screens += 1  # 1: sign in on the class's enrol page
    check_numbers(page, problems, "sign-in")
    locmem.outbox.clear()
    page.get_by_label("手机号码").fill("139 1234 5678")
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已发送").wait_for()  # in place (htmx): still the same screen
    code = re.search(r"(\d{6})", locmem.outbox[-1]["text"]).group(1)
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="登录并继续").click()
    screens += 1  # 2: who to enrol
    check_numbers(page, problems, "choose-member")
    page.get_by_label("添加一位家人（或本人）").check()
    page.get_by_label("姓名").fill("陈阿婆")
    page.get_by_label("出生年份").fill("1952")
    page.get_by_role("button", name=re.compile("确认报名|加入候补")).click()
    screens += 1  # 3: the confirmation
    page.get_by_role("heading", name=re.compile("陈阿婆")).wait_for()
    check_numbers(page, problems, "confirmation")
    assert screens <= 3
    assert Enrolment.objects.filter(member__name="陈阿婆", offering=offering).exists()
    assert problems == []


def test_a_teacher_takes_attendance_on_a_phone(browser, live_server, demo_site):
    state = sign_in(browser, live_server.url, "teacher")
    page = large_phone(browser, live_server, state)
    problems = []
    page.goto("/enrol/teach/")
    check_numbers(page, problems, "teach")
    enrolment = Enrolment.objects.filter(
        status=Status.ENROLLED, offering__teacher__account__isnull=False
    ).first()
    page.get_by_role("link", name=enrolment.offering.course.title).first.click()
    check_numbers(page, problems, "roster")
    name = enrolment.member.name
    absent = page.get_by_role("button", name=re.compile(rf"{name}\s*缺"))
    absent.click()
    absent.and_(page.locator("[aria-pressed=true]")).wait_for()
    assert Attendance.objects.filter(enrolment=enrolment, present=False).exists()
    present = page.get_by_role("button", name=re.compile(rf"{name}\s*到"))
    present.click()
    present.and_(page.locator("[aria-pressed=true]")).wait_for()
    assert Attendance.objects.filter(enrolment=enrolment, present=True).exists()
    page.get_by_role("link", name="今日签到码").click()
    check_numbers(page, problems, "check-in-code")
    assert problems == []
