"""The language switch goes both ways and keeps the visitor on the same page with the same query, on a
phone (without opening the menu) as on a desktop."""

from urllib.parse import quote, urlsplit

VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]


def test_english_then_chinese_then_english_lands_on_the_same_page(browser, live_server, demo_site):
    offering = demo_site["anonymous"][4]
    pages = [f"/courses/?q={quote('太极')}&weekday=2", offering, "/plan/?year=2015"]
    for viewport in VIEWPORTS:
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        for path in pages:
            page.goto(path)
            for language, label, expected in [
                ("en", "English", "/en" + path),
                ("zh-hans", "中文", path),
                ("en", "English", "/en" + path),
            ]:
                with page.expect_navigation():
                    page.get_by_role("link", name=label, exact=True).click()
                address = urlsplit(page.url)
                assert address.path + "?" * bool(address.query) + address.query == expected, viewport
                assert page.locator("html").get_attribute("lang") == language
        context.close()
