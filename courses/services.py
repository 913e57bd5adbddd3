"""Writes in the courses app, each guarded (permissions.py) and audited (fuzhou_lle.audit.record). Each one
that changes searched text keeps the search vector current: the vector is rebuilt here, on every write path,
never by signals."""

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record, audited, snapshot

from . import permissions
from .importer import SheetCheck
from .models import Course, Offering, Proposal, Teacher, TeachingPoint, Textbook

SearchedEntry = Course | Teacher | TeachingPoint
M = TypeVar("M", bound=models.Model)

# The audit trail's noun for each library model.
NOUNS = {
    Course: "course",
    Teacher: "teacher",
    TeachingPoint: "point",
    Offering: "offering",
    Textbook: "textbook",
}
LABELS = {
    "course": gettext_lazy("课程"),
    "teacher": gettext_lazy("教师"),
    "point": gettext_lazy("教学点"),
    "offering": gettext_lazy("开课安排"),
    "textbook": gettext_lazy("教材"),
}


def _fields(obj: models.Model) -> list[str]:
    """The fields people edit (not the search vector nor timestamps)."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.editable and not field.primary_key and not getattr(field, "auto_now", False)
    ]


def _locked(obj: M) -> M:
    """The stored row of `obj`, locked until the transaction ends."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _stored(obj: M) -> M | None:
    """The stored row of `obj`, locked, or None for a new one."""
    return None if obj.pk is None else _locked(obj)


def _audited_save(
    *, user: User, obj: models.Model, stored: models.Model | None
) -> AbstractContextManager[None]:
    """Record saving `obj` (new when there is no `stored` row): every edited field, before → after."""
    noun = NOUNS[type(obj)]
    verb = gettext_lazy("新建") if stored is None else gettext_lazy("修改")
    return audited(
        obj,
        *_fields(obj),
        actor=user,
        action=f"{noun}.{'create' if stored is None else 'update'}",
        label=format_lazy("{}{}", verb, LABELS[noun]),
        before=stored,
        new=stored is None,
        only_changes=stored is not None,
    )


def _audit_delete(*, user: User, obj: models.Model) -> None:
    noun = NOUNS[type(obj)]
    audit_record(
        actor=user,
        action=f"{noun}.delete",
        label=format_lazy("{}{}", gettext_lazy("删除"), LABELS[noun]),
        target=obj,
        changes={name: [value, None] for name, value in snapshot(obj, *_fields(obj)).items()},
    )


def offering_reindex(*, ids: Iterable[int]) -> int:
    """Rebuild the search vector of the given offerings; returns how many were rebuilt."""
    return Offering.objects.filter(pk__in=list(ids)).reindex()


@transaction.atomic
def offering_save(*, offering: Offering, user: User) -> Offering:
    """A district saves a row of its own timetable (moving it only between its own points)."""
    stored = _stored(offering)
    if stored is not None:
        require(user, permissions.can_keep_offering, stored)
    require(user, permissions.can_keep_offering, offering)
    with _audited_save(user=user, obj=offering, stored=stored):
        offering.full_clean()
        offering.save()
    offering_reindex(ids=[offering.pk])
    return offering


@transaction.atomic
def offering_delete(*, offering: Offering, user: User) -> None:
    offering = _locked(offering)
    require(user, permissions.can_keep_offering, offering)
    _audit_delete(user=user, obj=offering)
    offering.delete()


@transaction.atomic
def searched_entry_save(
    *, entry: Course | Teacher | TeachingPoint, user: User
) -> Course | Teacher | TeachingPoint:
    """Save a course, teacher or teaching point; a new name or description reaches the offerings' index."""
    stored = _stored(entry)
    if stored is not None:
        require(user, permissions.can_edit_entry, stored)
    require(user, permissions.can_edit_entry, entry)
    with _audited_save(user=user, obj=entry, stored=stored):
        entry.full_clean()
        entry.save()
    entry.offerings.all().reindex()
    return entry


@transaction.atomic
def point_delete(*, point: TeachingPoint, user: User) -> None:
    """Delete a teaching point that no longer has offerings."""
    point = _locked(point)
    require(user, permissions.can_edit_entry, point)
    _audit_delete(user=user, obj=point)
    try:
        with transaction.atomic():
            point.delete()
    except ProtectedError as error:
        raise ValidationError(_("该教学点还有开课安排，请先删除或移走这些课程。")) from error


@transaction.atomic
def proposal_submit(*, entry: Teacher | Textbook, user: User) -> Teacher | Textbook:
    """A district proposes a teacher or textbook for the city's library; the committee decides."""
    require(user, permissions.can_propose)
    entry.status = Proposal.PENDING
    entry.proposed_by = user.unit
    entry.full_clean()
    entry.save()
    audit_record(
        actor=user,
        action="teacher.create" if isinstance(entry, Teacher) else "textbook.propose",
        label=gettext_lazy("推荐入库"),
        target=entry,
        changes={"status": [None, entry.get_status_display()]},
    )
    return entry


@transaction.atomic
def proposal_decide(*, entry: Teacher | Textbook, user: User, approve: bool) -> Teacher | Textbook:
    require(user, permissions.can_decide_proposals)
    entry = _locked(entry)
    if entry.status != Proposal.PENDING:
        raise ValidationError(_("该推荐已经处理过。"))
    with audited(
        entry,
        "status",
        actor=user,
        action=f"{NOUNS[type(entry)]}.{'approve' if approve else 'reject'}",
        label=gettext_lazy("批准入库") if approve else gettext_lazy("退回推荐"),
    ):
        entry.status = Proposal.APPROVED if approve else Proposal.REJECTED
        entry.full_clean()
        entry.save(update_fields=["status"])
    return entry


@transaction.atomic
def timetable_import(*, check: SheetCheck, user: User) -> dict[str, int]:
    """Write a checked sheet whole: new rows created, changed rows updated, unchanged rows left alone."""
    require(user, permissions.keeps_timetable)
    if not check.is_valid:
        raise ValueError("only a sheet without errors is imported")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    touched = []
    for offering, change in check.changes():
        require(user, permissions.can_keep_offering, offering)
        counts[change] += 1
        if change != "unchanged":
            offering.save()
            touched.append(offering.pk)
    offering_reindex(ids=touched)
    audit_record(
        actor=user,
        action="timetable.import",
        label=gettext_lazy("导入课表"),
        target=user.district,
        changes={name: [None, count] for name, count in counts.items()},
    )
    return counts
