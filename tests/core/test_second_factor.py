"""The second factor: required for committee and reviewer accounts, optional for others."""

from base64 import b32decode

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fuzhou_lle.accounts import services
from fuzhou_lle.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.otp import code_now, fresh_code

ENROL = reverse("otp_enrol")
VERIFY = reverse("otp_verify")


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def password_login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def secret_on_page(response) -> bytes:
    return b32decode(response.context["secret"].replace(" ", ""))


def events(user, action):
    return list(AuditEvent.objects.about(user).filter(action=action))


@pytest.mark.otp_unverified
class TestStaffMustUseSecondFactor:
    def test_committee_without_device_is_sent_to_enrol(self, client, committee_user):
        client.force_login(committee_user)
        response = client.get(reverse("my_work"))
        assert response["Location"] == f"{ENROL}?next=%2Fmy%2F"

    def test_reviewer_with_device_is_sent_to_verify(self, client, reviewer_user):
        confirmed_device(reviewer_user)
        client.force_login(reviewer_user)
        response = client.get(reverse("brands:rounds"))
        assert response["Location"] == f"{VERIFY}?next=%2Fbrands%2Frounds%2F"

    def test_unverified_staff_reach_nothing_else(self, client, committee_user):
        confirmed_device(committee_user)
        client.force_login(committee_user)
        for url in [reverse("home"), reverse("otp_setup"), reverse("tasks:list"), "/admin/", ENROL]:
            assert client.get(url, follow=True).redirect_chain[-1][0].startswith(VERIFY), url

    def test_unverified_staff_can_log_out(self, client, committee_user):
        client.force_login(committee_user)
        response = client.post(reverse("logout"))
        assert response["Location"] == reverse("home")
        assert "_auth_user_id" not in client.session

    def test_after_password_login_committee_enrols_and_gets_in(self, client, committee_user):
        password_login(client, "committee_staff")
        page = client.get(ENROL)
        assert page.status_code == 200
        html = page.content.decode()
        assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
        assert "开启两步验证" in html
        code = code_now(secret_on_page(page))

        response = client.post(ENROL, {"token": f"{code[:3]} {code[3:]}", "next": "/plan/tasks/"})
        assert response["Location"] == f"{reverse('otp_codes')}?next=%2Fplan%2Ftasks%2F"
        codes_page = client.get(response["Location"])
        codes = codes_page.context["codes"]
        assert len(codes) == 10
        assert all(code in codes_page.content.decode() for code in codes)
        assert codes_page.context["next"] == "/plan/tasks/"
        assert client.get(reverse("otp_codes"))["Location"] == reverse("otp_setup")  # shown once
        assert client.get(reverse("tasks:list")).status_code == 200
        assert TOTPDevice.objects.get(user=committee_user).confirmed
        assert len(events(committee_user, "user.otp_enrol")) == 1

    def test_wrong_first_code_confirms_nothing(self, client, committee_user):
        client.force_login(committee_user)
        client.get(ENROL)
        response = client.post(ENROL, {"token": "000000"})
        assert response.status_code == 200
        assert "验证码不正确或已过期" in response.content.decode()
        assert not TOTPDevice.objects.get(user=committee_user).confirmed
        assert not StaticToken.objects.filter(device__user=committee_user).exists()
        assert events(committee_user, "user.otp_enrol") == []

    def test_enrolment_page_keeps_its_key_when_reloaded(self, client, committee_user):
        client.force_login(committee_user)
        first = client.get(ENROL).context["secret"]
        assert client.get(ENROL).context["secret"] == first

    def test_verify_with_app_code_goes_where_the_user_was_going(self, client, reviewer_user):
        device = confirmed_device(reviewer_user)
        password_login(client, "reviewer_expert")
        response = client.post(VERIFY, {"token": fresh_code(device), "next": "/brands/rounds/"})
        assert response["Location"] == "/brands/rounds/"
        assert client.get(reverse("my_work")).status_code == 200

    def test_wrong_code_is_refused_in_chinese(self, client, reviewer_user):
        confirmed_device(reviewer_user)
        password_login(client, "reviewer_expert")
        response = client.post(VERIFY, {"token": "123456"})
        assert "验证码不正确" in response.content.decode()
        assert client.get(reverse("my_work"))["Location"].startswith(VERIFY)

    def test_verify_never_redirects_off_site(self, client, reviewer_user):
        device = confirmed_device(reviewer_user)
        password_login(client, "reviewer_expert")
        response = client.post(VERIFY, {"token": fresh_code(device), "next": "https://evil.example/"})
        assert response["Location"] == reverse("my_work")

    def test_a_recovery_code_works_once(self, client, reviewer_user):
        confirmed_device(reviewer_user)
        (code, *_) = services.otp_recovery_codes_regenerate(user=reviewer_user)
        password_login(client, "reviewer_expert")
        assert client.post(VERIFY, {"token": code})["Location"] == reverse("my_work")
        client.post(reverse("logout"))
        password_login(client, "reviewer_expert")
        response = client.post(VERIFY, {"token": code})
        assert response.status_code == 200
        assert "未用过的恢复码" in response.content.decode()

    def test_verify_without_a_device_sends_to_enrol(self, client, committee_user):
        client.force_login(committee_user)
        assert client.get(VERIFY)["Location"].startswith(ENROL)


class TestOptionalForOthers:
    def test_unit_user_gets_in_with_the_password_alone(self, client, unit_user):
        password_login(client, "minzheng_liaison")
        assert client.get(reverse("my_work")).status_code == 200

    def test_setup_page_offers_to_turn_it_on(self, client, unit_user):
        client.force_login(unit_user)
        html = client.get(reverse("otp_setup")).content.decode()
        assert "未开启" in html and ENROL in html

    def test_once_turned_on_it_is_asked_at_every_login(self, client, unit_user):
        client.force_login(unit_user)
        page = client.get(ENROL)
        code = code_now(secret_on_page(page))
        assert client.post(ENROL, {"token": code}).status_code == 302
        client.post(reverse("logout"))
        password_login(client, "minzheng_liaison")
        assert client.get(reverse("my_work"))["Location"].startswith(VERIFY)

    def test_regenerating_recovery_codes_replaces_them(self, client, unit_user):
        confirmed_device(unit_user)
        old = services.otp_recovery_codes_regenerate(user=unit_user)
        password_login(client, "minzheng_liaison")
        client.post(VERIFY, {"token": old[0]})
        response = client.post(reverse("otp_codes_regenerate"))
        new = client.get(response["Location"]).context["codes"]
        assert set(new).isdisjoint(old)
        assert set(StaticToken.objects.filter(device__user=unit_user).values_list("token", flat=True)) == set(
            new
        )
        assert len(events(unit_user, "user.otp_regenerate")) == 2

    def test_regenerating_without_a_device_changes_nothing(self, client, unit_user):
        client.force_login(unit_user)
        response = client.post(reverse("otp_codes_regenerate"))
        assert response["Location"] == reverse("otp_setup")
        assert not StaticToken.objects.exists()


class TestReset:
    def test_superuser_resets_through_the_admin_action(self, client, reviewer_user):
        admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        confirmed_device(reviewer_user)
        services.otp_recovery_codes_regenerate(user=reviewer_user)
        client.force_login(admin)
        response = client.post(
            reverse("admin:fuzhou_lle_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [reviewer_user.pk]},
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=reviewer_user).exists()
        (event,) = events(reviewer_user, "user.otp_reset")
        assert event.actor == admin
        assert event.changes == {"devices": [2, 0]}

    def test_committee_staff_may_not_reset(self, committee_user, reviewer_user):
        confirmed_device(reviewer_user)
        with pytest.raises(PermissionDenied):
            services.otp_reset(actor=committee_user, user=reviewer_user)
        assert TOTPDevice.objects.filter(user=reviewer_user).exists()

    def test_committee_does_not_see_the_action(self, client, committee_user):
        client.force_login(committee_user)
        response = client.get(reverse("admin:fuzhou_lle_user_changelist"))
        assert "reset_second_factor" not in response.content.decode()


class TestAdmin:
    def test_anonymous_is_sent_to_the_portal_login(self, client):
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("login"))

    def test_signed_in_non_staff_is_refused(self, client, unit_user):
        client.force_login(unit_user)
        assert client.get("/admin/", follow=True).status_code == 403

    @pytest.mark.otp_unverified
    def test_staff_without_second_factor_is_stopped(self, client, committee_user):
        client.force_login(committee_user)
        assert client.get("/admin/")["Location"].startswith(ENROL)

    def test_verified_committee_gets_in(self, client, committee_user):
        client.force_login(committee_user)
        assert client.get("/admin/").status_code == 200


@pytest.mark.otp_unverified
def test_after_a_wrong_code_the_pause_is_explained(client, reviewer_user):
    device = confirmed_device(reviewer_user)
    password_login(client, "reviewer_expert")
    client.post(VERIFY, {"token": "123456"})
    response = client.post(VERIFY, {"token": fresh_code(device)})
    assert "错误次数较多，请 1 秒后再输入验证码" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the refused attempt is not counted as another failure


@pytest.mark.otp_unverified
def test_a_recovery_code_does_not_pause_the_app(client, reviewer_user):
    device = confirmed_device(reviewer_user)
    (code, *_) = services.otp_recovery_codes_regenerate(user=reviewer_user)
    password_login(client, "reviewer_expert")
    client.post(VERIFY, {"token": code})
    client.post(reverse("logout"))
    password_login(client, "reviewer_expert")
    assert client.post(VERIFY, {"token": fresh_code(device)})["Location"] == reverse("my_work")
