import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_home_is_public_and_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "福州市终身教育促进委员会" in html
    assert 'href="#main"' in html  # skip link


def test_home_switches_to_english_under_en_prefix(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response["Location"] == "/en/"
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_english_browser_still_gets_chinese_at_plain_addresses(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="zh-hans"' in response.content.decode()


def test_text_size_switch_sets_and_clears_cookie(client):
    response = client.post(reverse("text_size"), {"next": "/courses/"})
    assert response.status_code == 302
    assert response["Location"] == "/courses/"
    assert response.cookies["text_size"].value == "large"
    assert 'class="text-large"' in client.get("/").content.decode()
    response = client.post(reverse("text_size"), {"next": "/"})
    assert response.cookies["text_size"].value == ""


def test_text_size_switch_refuses_offsite_redirect(client):
    response = client.post(reverse("text_size"), {"next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_text_size_switch_is_post_only(client):
    assert client.get(reverse("text_size")).status_code == 405


def test_unknown_url_gives_styled_404_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "bootstrap" in html


@pytest.mark.urls("tests.core.broken_urls")
def test_server_error_gives_styled_500_without_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时出错" in html
    assert "Traceback" not in html
    assert "ZeroDivisionError" not in html


def test_my_work_requires_login(client):
    response = client.get(reverse("my_work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_work_shows_user_and_unit(client, unit_user):
    client.force_login(unit_user)
    response = client.get(reverse("my_work"))
    assert response.status_code == 200
    assert "市民政局" in response.content.decode()


class TestLogin:
    def test_login_page_renders(self, client):
        response = client.get(reverse("login"))
        assert response.status_code == 200
        assert "工作人员登录" in response.content.decode()

    def test_right_password_logs_in_and_goes_to_my_work(self, client, unit_user):
        response = client.post(reverse("login"), {"username": "minzheng_liaison", "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("my_work")
        assert client.get(reverse("my_work")).status_code == 200

    def test_wrong_password_says_so_in_chinese_and_logs_nobody_in(self, client, committee_user):
        response = client.post(reverse("login"), {"username": "committee_staff", "password": "wrong"})
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_repeated_wrong_passwords_lock_the_account(self, client, committee_user, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": "committee_staff", "password": "wrong"})
        response = client.post(reverse("login"), {"username": "committee_staff", "password": PASSWORD})
        assert response.status_code == 429
        assert "账号暂时锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_logout_is_post_and_ends_session(self, client, committee_user):
        client.force_login(committee_user)
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


class TestPasswordChange:
    def test_requires_login(self, client):
        assert client.get(reverse("password_change")).status_code == 302

    def test_changes_password(self, client, unit_user):
        client.force_login(unit_user)
        response = client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Fuzhou-新密码-2026",
                "new_password2": "Fuzhou-新密码-2026",
            },
        )
        assert response.status_code == 302
        unit_user.refresh_from_db()
        assert unit_user.check_password("Fuzhou-新密码-2026")

    def test_wrong_old_password_changes_nothing(self, client, unit_user):
        client.force_login(unit_user)
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "nope",
                "new_password1": "Fuzhou-新密码-2026",
                "new_password2": "Fuzhou-新密码-2026",
            },
        )
        assert response.status_code == 200
        assert "旧密码" in response.content.decode() or "原密码" in response.content.decode()
        unit_user.refresh_from_db()
        assert unit_user.check_password(PASSWORD)


def test_admin_is_for_committee_staff_only(client, committee_user, district_user):
    client.force_login(district_user)
    assert client.get("/admin/").status_code == 302
    client.force_login(committee_user)
    assert client.get("/admin/").status_code == 200


def test_home_search_hint_is_text_under_the_field_not_a_placeholder(client):
    html = client.get("/").content.decode()
    assert 'aria-describedby="home-course-hint"' in html
    assert '<div id="home-course-hint" class="form-text">如：太极、书法、智能手机</div>' in html
    assert "placeholder=" not in html


def test_login_page_puts_the_cursor_in_the_user_name_field(client):
    html = client.get(reverse("login")).content.decode()
    assert re.search(r'<input type="text" name="username" autofocus[^>]*id="id_username"', html)


def test_print_buttons_are_wired_by_a_static_script(client):
    html = client.get("/").content.decode()
    assert re.search(r'<script src="/static/js/print\.\w+\.js"></script>', html)
    assert "onclick" not in html
