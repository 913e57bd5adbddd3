"""Writes in the committee core that span several objects."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy

from .audit import audit_record, diff, snapshot
from .models import District, Role, Unit, UnitAlias, User
from .reference import (
    COMMITTEE_OFFICE,
    COMMITTEE_PERMISSIONS,
    COMMUNITY_UNIVERSITY,
    DISTRICTS,
    MEMBER_UNITS,
    UNIT_ALIASES,
    district_committee_name,
)


@transaction.atomic
def reference_units_ensure() -> None:
    """Create whatever of the districts, the core units and the role groups is missing. Safe to run any
    number of times (the groups also come from a migration, but a test database flush removes them)."""
    for role in Role:
        Group.objects.get_or_create(name=role)
    Unit.objects.get_or_create(
        name=COMMITTEE_OFFICE, defaults={"kind": Unit.Kind.COMMITTEE_OFFICE, "order": 0}
    )
    Unit.objects.get_or_create(
        name=COMMUNITY_UNIVERSITY, defaults={"kind": Unit.Kind.COMMUNITY_UNIVERSITY, "order": 50}
    )
    for order, name in enumerate(MEMBER_UNITS, start=1):
        Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.MEMBER, "order": order})
    # The aliases come from a migration too; seeded again only into an empty table, so that an alias the
    # committee removed in the admin stays removed.
    if not UnitAlias.objects.exists():
        UnitAlias.objects.bulk_create(UnitAlias(alias=alias, name=name) for alias, name in UNIT_ALIASES)
    for order, (name, code) in enumerate(DISTRICTS, start=1):
        district, _ = District.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        Unit.objects.get_or_create(
            name=district_committee_name(name),
            defaults={"kind": Unit.Kind.DISTRICT_COMMITTEE, "district": district, "order": 200 + order},
        )


@transaction.atomic
def committee_permissions_sync() -> None:
    """Give the committee role exactly its admin permissions (reference.COMMITTEE_PERMISSIONS), taking away
    any others, so its staff keep the reference data and read the rest."""
    group = Group.objects.get(name=Role.COMMITTEE)
    wanted = Q()
    for name in COMMITTEE_PERMISSIONS:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(wanted))
    if len(permissions) != len(COMMITTEE_PERMISSIONS):
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        raise ImproperlyConfigured(f"unknown permissions: {sorted(set(COMMITTEE_PERMISSIONS) - found)}")
    group.permissions.set(permissions)


@transaction.atomic
def user_create(
    *, username: str, password: str, role: Role, unit: Unit, name: str = "", email: str = ""
) -> User:
    """Create an account in one role and one unit. Committee staff also get the admin."""
    user = User(username=username, name=name, email=email, unit=unit, is_staff=role == Role.COMMITTEE)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@transaction.atomic
def reminder_channel_set(*, user: User, channel: str) -> User:
    """A person chooses how reminders reach them (their own account only: the view passes request.user)."""
    # From the stored row: a bound ModelForm may already have set the new value on `user`.
    before = snapshot(User.objects.select_for_update().get(pk=user.pk), "reminder_channel")
    user.reminder_channel = channel
    user.full_clean(validate_unique=False)
    user.save(update_fields=["reminder_channel"])
    changes = diff(before, snapshot(user, "reminder_channel"))
    if changes:
        audit_record(
            actor=user, action="user.update", label=gettext_lazy("修改提醒方式"), target=user, changes=changes
        )
    return user
