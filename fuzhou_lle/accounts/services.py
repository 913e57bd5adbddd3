"""Writes on accounts: creating them, the committee role's admin rights, the second factor. Each change of an
account records one audit event in the same transaction, wherever it is made: here, the admin's user and
group pages (fuzhou_lle/admin.py), `createsuperuser` (accounts/management) and, for passwords, every save of a
new password (accounts/passwords.py: the fact, never the value)."""

from collections.abc import Iterable

from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.accounts.otp import DEVICE_NAME, RECOVERY_CODE_COUNT
from fuzhou_lle.accounts.permissions import Person, require
from fuzhou_lle.audit.admin import committee_permissions
from fuzhou_lle.audit.record import audit_record, diff, snapshot
from fuzhou_lle.units.models import Unit
from fuzhou_lle.web.clients import current_user

# What an inspector must see change on an account; the roles are its groups.
ACCOUNT_FIELDS = ("username", "name", "unit", "email", "phone", "is_active", "is_staff", "is_superuser")


def is_superuser(user: Person, _target: object = None) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def otp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator device being enrolled: the same key until it is confirmed, so that
    reloading the enrolment page does not invalidate a QR code already scanned."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    return device


@transaction.atomic
def otp_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with the first code from the app. Returns fresh recovery codes, or None if the code
    is wrong (nothing changes then)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(token):
        return None
    # One authenticator per account: a new enrolment replaces any earlier one.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_record(actor=user, action="user.otp_enrol", label=_("开启两步验证"), target=user)
    return codes


@transaction.atomic
def otp_recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for a user with a second factor; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    audit_record(actor=user, action="user.otp_regenerate", label=_("重新生成恢复码"), target=user)
    return codes


@transaction.atomic
def otp_reset(*, actor: User, user: User) -> None:
    """Remove every second-factor device of `user` (a lost phone): at the next sign-in they enrol again.
    Superusers only."""
    require(actor, is_superuser, user)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    audit_record(
        actor=actor,
        action="user.otp_reset",
        label=_("重置两步验证"),
        target=user,
        changes={"devices": [removed, 0]},
    )


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": DEVICE_NAME})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def committee_permissions_sync() -> None:
    """Give the committee role exactly the admin rights the registered admin pages grant it (each page's
    `committee_actions`, fuzhou_lle.audit.admin), taking away any others: it keeps the reference data and
    reads the records. An app adding a model declares its rights on the model's admin page, nowhere else."""
    group = Group.objects.get(name=Role.COMMITTEE)
    wanted = committee_permissions(admin.site)
    found = Q(pk__in=[])
    for name in wanted:
        app_label, codename = name.split(".")
        found |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(found))
    if len(permissions) != len(wanted):
        missing = set(wanted) - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        raise ImproperlyConfigured(f"unknown permissions: {sorted(missing)}")
    before = group_snapshot(group)
    group.permissions.set(permissions)
    group_change_record(actor=None, group=group, before=before)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    unit: Unit,
    name: str = "",
    email: str = "",
    actor: User | None = None,
) -> User:
    """Create an account in one role and one unit. Committee staff also get the admin."""
    user = User(username=username, name=name, email=email, unit=unit, is_staff=role == Role.COMMITTEE)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    account_change_record(actor=actor, user=user, before=None)
    return user


def _names(values: Iterable[str]) -> str:
    return "、".join(sorted(values))


def account_snapshot(user: User) -> dict:
    """An account as the trail shows it: its fields, its roles (groups) and its own permissions."""
    values = snapshot(user, *ACCOUNT_FIELDS)
    values["groups"] = _names(user.groups.values_list("name", flat=True))
    values["user_permissions"] = _names(
        f"{app}.{codename}"
        for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
    )
    return values


def account_change_record(*, actor: User | None, user: User, before: dict | None, note: str = "") -> None:
    """Record what happened to `user` since `before` (its account_snapshot(), None when just created): an
    unchanged account records nothing."""
    after = account_snapshot(user)
    if before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "", False)}
        audit_record(
            actor=actor, action="user.create", label=_("新建账号"), target=user, changes=changes, note=note
        )
    elif changes := diff(before, after):
        audit_record(
            actor=actor, action="user.update", label=_("修改账号"), target=user, changes=changes, note=note
        )


def account_password_changed(*, user: User) -> None:
    """A new password was saved for `user`, by whoever is signed in (themselves, a superuser in the admin)
    or by a command. Only the fact is recorded."""
    audit_record(actor=current_user(), action="user.password", label=_("修改密码"), target=user)


def group_snapshot(group: Group) -> dict:
    return {
        "name": group.name,
        "permissions": _names(
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list("content_type__app_label", "codename")
        ),
    }


def group_change_record(*, actor: User | None, group: Group, before: dict | None) -> None:
    """Record what happened to a role's group (its name, its permissions) since `before`."""
    after = group_snapshot(group)
    if before is None:
        changes = {name: [None, value] for name, value in after.items() if value}
        audit_record(actor=actor, action="group.create", label=_("新建角色"), target=group, changes=changes)
    elif changes := diff(before, after):
        audit_record(
            actor=actor, action="group.update", label=_("修改角色权限"), target=group, changes=changes
        )
