from io import StringIO

from django.core.management import call_command

from fuzhou_lle.accounts.demo import DEMO_USERS


def test_visitor_opens_home_and_committee_logs_in(page, login, transactional_db):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="人人皆学、时时能学、处处可学").is_visible()

    username, password = DEMO_USERS[0][:2]
    login(username, password)
    assert page.get_by_role("heading", name="我的工作").is_visible()
    assert page.locator("main").get_by_text("市终身教育促进委员会办公室").first.is_visible()
