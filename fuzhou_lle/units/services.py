"""Reference data every installation has, created where missing."""

from django.contrib.auth.models import Group
from django.db import transaction

from fuzhou_lle.accounts.models import Role
from fuzhou_lle.units.models import District, Unit, UnitAlias
from fuzhou_lle.units.reference import (
    COMMITTEE_OFFICE,
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
