import re
import shutil
import subprocess
from io import StringIO

from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect


def test_citizen_finds_a_tai_chi_class_and_takes_it_home(page, transactional_db, tmp_path):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())

    # A citizen looks for tai chi in 鼓楼区 on a Tuesday morning, with the plain form.
    page.goto("/")
    page.get_by_role("link", name="课程指南").first.click()
    page.get_by_label("关键词").fill("太极")
    page.get_by_label("县（市）区").select_option(label="鼓楼区")
    page.get_by_text("更多筛选条件").click()
    page.get_by_label("星期").select_option(label="星期二")
    page.get_by_label("时段").select_option(label="上午")
    page.get_by_role("button", name="查找").click()
    # A plain GET form that htmx enhances: it replaces the results and the address shows the search.
    page.wait_for_url(re.compile(r"weekday=2"))
    expect(page.get_by_role("heading", name=re.compile(r"找到 [1-9]\d* 个开课安排"))).to_be_visible()
    wenquan = page.locator("article").filter(has_text="温泉街道")
    expect(wenquan.filter(has_text="星期二 09:00")).to_have_count(1)

    wenquan.get_by_role("link", name="太极拳入门").click()
    expect(page.get_by_role("heading", name="太极拳入门")).to_be_visible()
    expect(page.get_by_text("星期二 09:00–10:30")).to_be_visible()
    expect(page.get_by_text("温泉街道社区学校").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="加入我的日历（.ics）").click()
    path = tmp_path / "class.ics"
    download_info.value.save_as(path)
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "太极拳入门"
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]

    # The district's compiled guide prints to a PDF that holds the Chinese text.
    page.goto("/courses/print/?district=gulou")
    pdf = tmp_path / "guide.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
        assert "鼓楼区社区教育课表指南" in text
        assert "温泉街道社区学校" in text and "太极拳入门" in text
        assert "台江区" not in text
    else:
        # Without poppler, at least the embedded fonts must be CJK ones, or Chinese printed as boxes.
        assert b"CJK" in pdf.read_bytes()
