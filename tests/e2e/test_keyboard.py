"""Keyboard-only journeys: Tab to move, Enter to act, typing into fields, and the focus ring visible on
every element the Tab key reaches (an outline at least 2 px wide, in a colour, by computed style)."""

import re

from tests.e2e.site import PASSWORDS
from tests.nominations import PDF_BYTES, private_storage_dir  # noqa: F401
from tests.otp import after_password, code_for

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName, id: el.id, href: el.getAttribute('href') || '', type: el.type || '',
    text: (el.innerText || el.value || '').trim().slice(0, 40), label: label.replace('*', '').trim(),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor,
  };
}"""


class Keyboard:
    """Presses Tab until the wanted element has focus, checking the focus ring at every stop."""

    def __init__(self, page):
        self.page = page
        self.unseen = []

    def focused(self):
        return self.page.evaluate(FOCUSED)

    def tab_to(self, wanted, limit=120):
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            element = self.focused()
            visible = element["outline"] != "none" and element["width"] >= 2
            visible = visible and element["colour"] not in ("transparent", "rgba(0, 0, 0, 0)")
            if not visible:
                self.unseen.append(element)
            if wanted(element):
                return element
        raise AssertionError(f"Tab never reached the element on {self.page.url}")

    def fill(self, label, text):
        self.tab_to(lambda element: element["label"] == label)
        self.page.keyboard.type(text)

    def press(self, text):
        """Tab to the link or button reading `text` and press Enter."""
        self.tab_to(lambda element: element["text"] == text)
        self.page.keyboard.press("Enter")


def test_citizen_searches_and_opens_an_offering_by_keyboard(page, demo_site):
    keys = Keyboard(page)
    page.goto("/")
    keys.tab_to(lambda element: element["id"] == "home-course-q")
    page.keyboard.type("太极")
    page.keyboard.press("Enter")
    page.wait_for_url("**/courses/?q=*")
    link = keys.tab_to(lambda element: re.fullmatch(r"/courses/offerings/\d+/", element["href"]))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{link['href']}")
    assert "太极" in page.locator("h1").inner_text()
    assert keys.unseen == []


def log_in(page, keys, username):
    page.goto("/accounts/login/")
    assert keys.focused()["id"] == "id_username"  # autofocus: typing can start at once
    page.keyboard.type(username)
    keys.fill("密码", PASSWORDS[username])
    page.keyboard.press("Enter")
    if after_password(page):  # staff give the authenticator's code next, by keyboard too
        if keys.focused()["label"] != "验证码":  # the field has focus on arrival where autofocus works
            keys.tab_to(lambda element: element["label"] == "验证码")
        page.keyboard.type(code_for(username))
        page.keyboard.press("Enter")
    page.wait_for_url("**/my/")


def test_staff_member_logs_in_by_keyboard(page, demo_site):
    keys = Keyboard(page)
    log_in(page, keys, "committee")
    assert page.get_by_role("heading", name="我的工作").is_visible()
    assert keys.unseen == []


def test_district_drafts_and_submits_a_nomination_by_keyboard(page, demo_site):
    keys = Keyboard(page)
    log_in(page, keys, "district")
    page.goto(demo_site["district"][1])  # the brand round, with a place left for 鼓楼区
    keys.press("新建推荐")
    page.wait_for_url("**/new/")
    for label, text in [
        ("品牌名称", "闽都书院读书会"),
        ("主办单位", "南街街道社区学校"),
    ]:
        keys.fill(label, text)
    keys.tab_to(lambda element: element["label"] == "品牌类别")
    page.keyboard.press("ArrowDown")
    for label, text in [
        ("创办年份", "2012"),
        ("品牌简介", "每月一次的社区读书会。"),
        ("主要成效", "三年服务居民一万人次。"),
        ("年参与人次", "3000"),
        ("联系人", "陈老师"),
        ("联系电话", "0591-87650000"),
    ]:
        keys.fill(label, text)
    keys.press("保存")
    page.wait_for_url(re.compile(r".*/brands/nominations/\d+/$"))
    # The file picker opens from the keyboard too (Space on the focused field); the test then picks.
    keys.tab_to(lambda element: element["type"] == "file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(
        files=[{"name": "活动总结.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    keys.press("上传")
    page.get_by_role("link", name="活动总结.pdf").wait_for()
    keys.press("报送")
    page.get_by_text("已报送，等待市终身教育促进委员会办公室审核。").wait_for()
    assert keys.unseen == []
