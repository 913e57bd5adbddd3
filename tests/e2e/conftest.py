"""Real-browser journeys: Playwright driving Debian's chromium (never a downloaded browser).

Without chromium these tests are skipped with a note on how to install it; .ci/run installs it.
"""

import os
import shutil
from base64 import b32decode
from urllib.parse import urlparse

import pytest

from tests.otp import code_for, code_now

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around it
# are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM:
                item.add_marker(
                    pytest.mark.skip(
                        reason="未找到 chromium：请运行 `apt-get install chromium` 后再运行浏览器测试"
                    )
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def plain_static(settings):
    """The live server serves /static/ through the staticfiles finders, which know files by their plain
    names only: render plain names so that stylesheets and scripts load."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo_site(transactional_db, live_server, plain_static):
    """The demo loaded on the live server; the main pages by persona (tests/e2e/site.py)."""
    from tests.e2e.site import load_site

    return load_site()


@pytest.fixture
def page(browser, live_server, plain_static):
    """A fresh browser tab on the live server. A journey fails on any script error or CSP refusal."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: "Content Security Policy" in msg.text and errors.append(msg.text))
    yield page
    context.close()
    assert errors == []


def _path(url):
    return urlparse(url).path


@pytest.fixture
def login(page):
    """Log in through the real form, as a person would: with the code from the authenticator when the
    portal asks for one (enrolling first, from the key on the page, if the account has no device yet)."""

    def _login(username, password):
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录", exact=True).last.click()
        page.wait_for_url(
            lambda url: _path(url) in ("/my/", "/accounts/two-factor/verify/", "/accounts/two-factor/enrol/")
        )
        if _path(page.url).endswith("/enrol/"):
            secret = page.get_by_test_id("otp-secret").inner_text()
            page.get_by_label("验证码").fill(code_now(b32decode(secret.replace(" ", ""))))
            page.get_by_role("button", name="确认开启").click()
            page.get_by_role("link", name="我已保存，继续").click()
        elif _path(page.url).endswith("/verify/"):
            page.get_by_label("验证码").fill(code_for(username))
            page.get_by_role("button", name="验证").click()
        page.wait_for_url("**/my/")

    return _login


@pytest.fixture
def logout(page):
    """Log out from the user menu in the header."""

    def _logout():
        page.locator("header .dropdown-toggle").click()
        page.get_by_role("button", name="退出").click()
        page.get_by_role("link", name="登录").wait_for()

    return _logout
