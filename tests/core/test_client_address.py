"""The client's real address behind the proxy (fuzhou_lle.web.clients.client_ip), and the lockout, the rate
limits and the audit trail all using it: failures from one address never lock out another."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.web.clients import client_ip
from tests.factories import PASSWORD

NGINX = "127.0.0.1"


def ip(remote_addr, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [NGINX, "::1"]


class TestClientIp:
    def test_without_a_proxy_the_connections_address_is_the_clients_whatever_the_headers_say(self, settings):
        settings.TRUSTED_PROXIES = []
        assert ip("203.0.113.5") == "203.0.113.5"
        assert ip("203.0.113.5", "198.51.100.1") == "203.0.113.5"
        assert ip(NGINX, "198.51.100.1") == NGINX

    @pytest.mark.usefixtures("behind_nginx")
    def test_behind_nginx_the_address_nginx_saw(self):
        assert ip(NGINX, "203.0.113.5") == "203.0.113.5"
        assert ip("::1", "2001:db8::7") == "2001:db8::7"

    @pytest.mark.usefixtures("behind_nginx")
    def test_what_the_client_wrote_before_nginxs_entry_is_ignored(self):
        assert ip(NGINX, "198.51.100.1, 203.0.113.5") == "203.0.113.5"
        assert ip(NGINX, "127.0.0.1, 203.0.113.5") == "203.0.113.5"
        assert ip(NGINX, "not-an-address, 203.0.113.5") == "203.0.113.5"

    @pytest.mark.usefixtures("behind_nginx")
    def test_a_client_reaching_the_portal_directly_cannot_choose_its_address(self):
        assert ip("198.51.100.66", "203.0.113.5") == "198.51.100.66"

    @pytest.mark.usefixtures("behind_nginx")
    def test_ports_brackets_and_mapped_forms_are_read(self):
        assert ip(NGINX, "203.0.113.5:51234") == "203.0.113.5"
        assert ip(NGINX, "[2001:db8::7]:443") == "2001:db8::7"
        assert ip("::ffff:127.0.0.1", "203.0.113.5") == "203.0.113.5"

    @pytest.mark.usefixtures("behind_nginx")
    def test_without_a_usable_header_the_proxy_is_all_that_is_known(self):
        assert ip(NGINX) == NGINX
        assert ip(NGINX, "") == NGINX
        assert ip(NGINX, "garbage") == NGINX

    def test_proxies_in_front_of_nginx_are_passed_over_when_trusted(self, settings):
        settings.TRUSTED_PROXIES = [NGINX, "10.0.0.0/8"]
        assert ip(NGINX, "198.51.100.1, 203.0.113.5, 10.1.2.3") == "203.0.113.5"
        assert ip(NGINX, "10.9.9.9, 10.1.2.3") == "10.9.9.9"

    def test_no_address_at_all(self):
        assert ip("") == ""


def fail(client, username, address):
    return client.post(
        reverse("login"), {"username": username, "password": "wrong"}, HTTP_X_FORWARDED_FOR=address
    )


def sign_in(client, username, address):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, HTTP_X_FORWARDED_FOR=address
    )


@pytest.mark.usefixtures("behind_nginx")
class TestLockoutBehindTheProxy:
    """Every request arrives from nginx (the test client's 127.0.0.1), as in the documented install."""

    def test_one_address_spraying_accounts_locks_itself_not_everyone(self, client, unit_user, settings):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
            fail(client, f"guess{n}", "198.51.100.66")
        assert sign_in(client, unit_user.username, "198.51.100.66").status_code == 429
        assert sign_in(client, unit_user.username, "203.0.113.5").status_code == 302

    def test_failures_on_an_account_from_one_address_do_not_lock_its_owner_elsewhere(
        self, client, unit_user, settings
    ):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            fail(client, unit_user.username, "198.51.100.66")
        assert sign_in(client, unit_user.username, "198.51.100.66").status_code == 429
        assert sign_in(client, unit_user.username, "203.0.113.5").status_code == 302

    def test_a_forged_header_does_not_dodge_the_lockout(self, client, unit_user, settings):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
            fail(client, f"guess{n}", f"192.0.2.{n}, 198.51.100.66")
        assert sign_in(client, unit_user.username, "192.0.2.200, 198.51.100.66").status_code == 429

    def test_a_client_reaching_the_portal_directly_is_counted_by_its_own_address(
        self, client, unit_user, settings
    ):
        for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
            client.post(
                reverse("login"),
                {"username": f"guess{n}", "password": "wrong"},
                REMOTE_ADDR="198.51.100.66",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
        response = client.post(
            reverse("login"),
            {"username": unit_user.username, "password": PASSWORD},
            REMOTE_ADDR="198.51.100.66",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
        assert response.status_code == 429


@pytest.mark.usefixtures("behind_nginx")
def test_the_audit_trail_records_the_clients_real_address(client, unit_user):
    sign_in(client, unit_user.username, "203.0.113.5")
    client.post(
        reverse("reminder_preference"),
        {"reminder_channel": "in_app"},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5",
    )
    event = AuditEvent.objects.latest("pk")
    assert event.client_ip == "203.0.113.5"


def test_a_command_records_no_address(reference_units):
    call_command("setup_portal", verbosity=0)
    assert not AuditEvent.objects.exclude(client_ip=None).exists()
