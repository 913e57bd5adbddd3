"""Writes in the courses app. Each one that changes searched text keeps the search vector current:
the vector is rebuilt here, on every write path, never by signals."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.audit import audit_record
from fuzhou_lle.models import User

from .importer import SheetCheck
from .models import Course, Offering, Proposal, Teacher, TeachingPoint, Textbook


def offering_reindex(*, ids: Iterable[int]) -> int:
    """Rebuild the search vector of the given offerings; returns how many were rebuilt."""
    return Offering.objects.filter(pk__in=list(ids)).reindex()


@transaction.atomic
def offering_save(*, offering: Offering, user: User | None = None) -> Offering:
    created = offering.pk is None
    offering.full_clean()
    offering.save()
    offering_reindex(ids=[offering.pk])
    audit_record(
        actor=user,
        action="offering.create" if created else "offering.update",
        label=_("新增开课安排") if created else _("修改开课安排"),
        target=offering,
    )
    return offering


@transaction.atomic
def searched_entry_save(*, entry: Course | Teacher | TeachingPoint) -> Course | Teacher | TeachingPoint:
    """Save a course, teacher or teaching point; a new name or description reaches the offerings' index."""
    entry.full_clean()
    entry.save()
    entry.offerings.all().reindex()
    return entry


@transaction.atomic
def proposal_submit(*, entry: Teacher | Textbook, user: User) -> Teacher | Textbook:
    """A district proposes a teacher or textbook for the city's library; the committee decides."""
    entry.status = Proposal.PENDING
    entry.proposed_by = user.unit
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def proposal_decide(*, entry: Teacher | Textbook, approve: bool) -> Teacher | Textbook:
    entry.status = Proposal.APPROVED if approve else Proposal.REJECTED
    entry.full_clean()
    entry.save(update_fields=["status"])
    return entry


@transaction.atomic
def timetable_import(*, check: SheetCheck) -> dict[str, int]:
    """Write a checked sheet whole: new rows created, changed rows updated, unchanged rows left alone."""
    if not check.is_valid:
        raise ValueError("only a sheet without errors is imported")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    touched = []
    for offering, change in check.changes():
        counts[change] += 1
        if change != "unchanged":
            offering.save()
            touched.append(offering.pk)
    offering_reindex(ids=touched)
    return counts
