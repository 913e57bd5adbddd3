"""Every change to an account is in the audit trail, wherever it is made (the admin, the own password page,
the command line): roles, staff and superuser flags, groups' permissions, passwords (the fact, never the
value), e-mail; and passwords of one repeated character or of spaces are refused."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.accounts.services import committee_permissions_sync, user_create
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.units.models import Unit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xy-9876543210z"


def events(target, action):
    return list(AuditEvent.objects.about(target).filter(action=action).order_by("pk"))


def change_form(user, **changes):
    """What the admin's user page posts for `user`, with `changes`."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "name": user.name,
        "unit": user.unit_id or "",
        "email": user.email,
        "phone": user.phone,
        "reminder_channel": user.reminder_channel,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class TestInTheAdmin:
    def test_making_someone_staff_and_superuser_with_a_new_role_and_email_is_one_event(
        self, client, admin_user, unit_user, settings
    ):
        settings.TRUSTED_PROXIES = ["127.0.0.1"]
        client.force_login(admin_user)
        committee = Group.objects.get(name=Role.COMMITTEE)
        data = change_form(
            unit_user,
            email="new@example.gov.cn",
            is_staff="on",
            is_superuser="on",
            groups=[*unit_user.groups.values_list("pk", flat=True), committee.pk],
        )
        response = client.post(
            reverse("admin:fuzhou_lle_user_change", args=[unit_user.pk]),
            data,
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        (event,) = events(unit_user, "user.update")
        assert (event.actor, event.label, event.client_ip) == (admin_user, "修改账号", "203.0.113.5")
        assert event.changes == {
            "email": ["minzheng_liaison@example.com", "new@example.gov.cn"],
            "is_staff": [False, True],
            "is_superuser": [False, True],
            "groups": ["unit", "committee、unit"],
        }

    def test_saving_an_unchanged_account_records_nothing(self, client, admin_user, unit_user):
        client.force_login(admin_user)
        client.post(reverse("admin:fuzhou_lle_user_change", args=[unit_user.pk]), change_form(unit_user))
        assert events(unit_user, "user.update") == []

    def test_a_new_account_and_its_password_are_recorded_never_the_password(self, client, admin_user):
        client.force_login(admin_user)
        data = {"username": "new_liaison", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        response = client.post(reverse("admin:fuzhou_lle_user_add"), {**data, "usable_password": "true"})
        assert response.status_code == 302
        user = User.objects.get(username="new_liaison")
        assert [e.action for e in AuditEvent.objects.about(user).order_by("pk")] == [
            "user.password",
            "user.create",
        ]
        assert events(user, "user.create")[0].actor == admin_user
        assert NEW_PASSWORD not in str(list(AuditEvent.objects.values_list("changes", "note")))

    def test_setting_a_password_for_someone(self, client, admin_user, unit_user):
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:auth_user_password_change", args=[unit_user.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        (event,) = [e for e in events(unit_user, "user.password") if e.actor == admin_user]
        assert (event.label, event.changes, event.note) == ("修改密码", {}, "")

    def test_a_roles_permissions(self, client, admin_user, reference_units):
        client.force_login(admin_user)
        group = Group.objects.get(name=Role.REVIEWER)
        permission = Permission.objects.get(codename="view_unit")
        response = client.post(
            reverse("admin:auth_group_change", args=[group.pk]),
            {"name": group.name, "permissions": [permission.pk]},
        )
        assert response.status_code == 302
        (event,) = events(group, "group.update")
        assert (event.actor, event.label) == (admin_user, "修改角色权限")
        assert event.changes == {"permissions": ["", "fuzhou_lle.view_unit"]}

    def test_deleting_an_account(self, client, admin_user, reference_units):
        client.force_login(admin_user)
        user = UserFactory(username="leaver", email="")
        response = client.post(reverse("admin:fuzhou_lle_user_delete", args=[user.pk]), {"post": "yes"})
        assert response.status_code == 302
        event = AuditEvent.objects.get(action="user.delete")
        assert (event.actor, event.target_repr, event.changes["username"]) == (
            admin_user,
            str(user),
            ["leaver", None],
        )


def test_changing_ones_own_password(client, unit_user):
    client.force_login(unit_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    (event,) = [e for e in events(unit_user, "user.password") if e.actor == unit_user]
    assert event.label == "修改密码"


class TestOnTheCommandLine:
    def test_changepassword(self, unit_user, monkeypatch):
        monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
        call_command("changepassword", unit_user.username, stdout=None)
        assert [e.actor for e in events(unit_user, "user.password")][-1] is None

    def test_createsuperuser(self, monkeypatch, reference_units):
        monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
        call_command(
            "createsuperuser", "--noinput", username="root2", email="root2@example.gov.cn", verbosity=0
        )
        user = User.objects.get(username="root2")
        (event,) = events(user, "user.create")
        assert event.actor is None
        assert event.changes["is_superuser"] == [None, True]
        assert event.changes["is_staff"] == [None, True]
        assert event.note == "命令行 createsuperuser"

    def test_setup_portal_taking_back_a_permission_granted_by_hand(self, reference_units):
        committee_permissions_sync()
        group = Group.objects.get(name=Role.COMMITTEE)
        group.permissions.add(Permission.objects.get(codename="delete_user"))
        call_command("setup_portal", verbosity=0)
        event = events(group, "group.update")[-1]
        before, after = event.changes["permissions"]
        assert "fuzhou_lle.delete_user" in before and "fuzhou_lle.delete_user" not in after
        assert event.actor is None

    def test_accounts_made_by_the_service(self, reference_units, committee_user):
        user = user_create(
            username="liaison2", password=NEW_PASSWORD, role=Role.UNIT, unit=Unit.objects.get(name="市民政局")
        )
        (event,) = events(user, "user.create")
        assert event.changes["groups"] == [None, "unit"]


@pytest.mark.parametrize("password", ["a" * 12, " " * 12, "abab" * 3, "　" * 12, "1111aaaa1111"])
def test_a_password_of_few_different_characters_is_refused(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert "密码的字符太单一，至少需要 5 个不同的字符（空格不算）。" in error.value.messages


def test_a_varied_password_passes():
    validate_password("Fuzhou-lle-2015")
