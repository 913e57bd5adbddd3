"""Passwords, session timeouts and the login lockout."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from fuzhou_lle.accounts.middleware import SEEN_KEY, STARTED_KEY
from tests.factories import PASSWORD, UserFactory


class TestPasswords:
    def test_eleven_characters_are_too_few(self):
        with pytest.raises(ValidationError) as raised:
            validate_password("Fz-2026-abc")
        assert "至少需要 12 个字符" in str(raised.value)

    def test_twelve_characters_are_enough(self):
        validate_password("Fz-2026-abcd")

    def test_password_change_page_refuses_a_short_one(self, client, unit_user):
        client.force_login(unit_user)
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "Fz-2026-abc", "new_password2": "Fz-2026-abc"},
        )
        assert response.status_code == 200
        assert "至少需要 12 个字符" in response.content.decode()
        unit_user.refresh_from_db()
        assert unit_user.check_password(PASSWORD)


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


class TestSessionTimeouts:
    def signed_in(self, client, user):
        client.force_login(user)
        assert client.get(reverse("my_work")).status_code == 200

    def test_idle_session_ends_with_a_message(self, client, unit_user):
        self.signed_in(client, unit_user)
        age_session(client, **{SEEN_KEY: 31 * 60})
        response = client.get(reverse("tasks:list"))
        assert response["Location"] == f"{reverse('login')}?next=/plan/tasks/"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "您已超过 30 分钟未操作" in page

    def test_activity_keeps_the_session(self, client, unit_user):
        self.signed_in(client, unit_user)
        age_session(client, **{SEEN_KEY: 29 * 60})
        assert client.get(reverse("tasks:list")).status_code == 200
        assert int(time.time()) - client.session[SEEN_KEY] < 5

    def test_idle_limit_comes_from_settings(self, client, unit_user, settings):
        settings.SESSION_IDLE_MINUTES = 5
        self.signed_in(client, unit_user)
        age_session(client, **{SEEN_KEY: 6 * 60})
        assert client.get(reverse("my_work"))["Location"].startswith(reverse("login"))

    def test_session_ends_after_the_absolute_limit_however_active(self, client, unit_user):
        self.signed_in(client, unit_user)
        age_session(client, **{STARTED_KEY: 8 * 3600 + 1, SEEN_KEY: 10})
        response = client.get(reverse("my_work"))
        assert response["Location"].startswith(reverse("login"))
        assert "您已连续登录 8 小时" in client.get(response["Location"]).content.decode()

    def test_anonymous_visitors_are_not_timed(self, client, db):
        assert client.get(reverse("home")).status_code == 200
        assert STARTED_KEY not in client.session


def fail(client, username):
    return client.post(reverse("login"), {"username": username, "password": "wrong-password"})


class TestLockout:
    def test_one_address_trying_many_accounts_is_locked(self, client, unit_user, settings):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
            assert fail(client, f"guess{n}").status_code == 200
        assert fail(client, "the-last-straw").status_code == 429
        response = client.post(reverse("login"), {"username": "minzheng_liaison", "password": PASSWORD})
        assert response.status_code == 429
        assert "暂时锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_few_failures_on_other_accounts_do_not_lock_anyone(self, client, unit_user, settings):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
            fail(client, f"guess{n}")
        response = client.post(reverse("login"), {"username": "minzheng_liaison", "password": PASSWORD})
        assert response.status_code == 302

    def test_signing_in_to_an_own_account_does_not_reset_the_address(self, client, unit_user, settings):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
            fail(client, f"guess{n}")
        client.post(reverse("login"), {"username": "minzheng_liaison", "password": PASSWORD})
        client.post(reverse("logout"))
        fail(client, "one-more")
        response = client.post(reverse("login"), {"username": "minzheng_liaison", "password": PASSWORD})
        assert response.status_code == 429

    def test_another_address_is_not_locked(self, client, unit_user, settings):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
            fail(client, f"guess{n}")
        response = client.post(
            reverse("login"),
            {"username": "minzheng_liaison", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.2",
        )
        assert response.status_code == 302

    def test_the_account_limit_still_locks_first(self, client, reference_units, settings):
        UserFactory(username="target")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            fail(client, "target")
        assert client.post(reverse("login"), {"username": "target", "password": PASSWORD}).status_code == 429
