"""Who may do what with courses. Districts keep their own teaching points and timetable; the committee
keeps the libraries (courses, teachers, textbooks, categories, audiences) and decides proposals.

Querysets are scoped to the user, so another district's point or offering is a 404, not a 403."""

from typing import TypeGuard, cast

from django.db.models import Q, QuerySet

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import Person, is_committee, require

from .models import Course, Offering, Proposal, Teacher, TeachingPoint, Textbook


def keeps_timetable(user: Person) -> TypeGuard[User]:
    """A district user (role district) of a district committee (unit)."""
    return user.is_authenticated and user.is_district and user.district is not None


def can_keep_point(user: Person, point: TeachingPoint) -> bool:
    """A district's own teaching point (the committee may correct any, in the admin)."""
    return is_committee(user) or (keeps_timetable(user) and point.district_id == user.district.pk)


def can_keep_offering(user: Person, offering: Offering) -> bool:
    return can_keep_point(user, offering.teaching_point)


def can_edit_entry(user: Person, entry: Course | Teacher | TeachingPoint) -> bool:
    """The committee keeps the libraries; a district its own teaching points."""
    if isinstance(entry, TeachingPoint):
        return can_keep_point(user, entry)
    return is_committee(user)


def points_kept_by(user: Person) -> QuerySet[TeachingPoint]:
    require(user, keeps_timetable)
    return TeachingPoint.objects.of_district(cast(User, user).district)  # require() said so


def offerings_kept_by(user: Person) -> QuerySet[Offering]:
    require(user, keeps_timetable)
    return Offering.objects.of_district(cast(User, user).district)  # require() said so


def can_propose(user: Person) -> bool:
    return keeps_timetable(user)


def can_decide_proposals(user: Person) -> bool:
    return is_committee(user)


def library_entries_visible_to(user: Person, model: type[Teacher] | type[Textbook]) -> QuerySet:
    """Teachers or textbooks whose photo or file the user may fetch: approved ones for everyone; pending and
    rejected ones for the committee and the district staff who proposed them (the district role of the
    proposing unit: not a reviewer or anyone else whose account happens to sit in that unit)."""
    entries = model.objects.all()
    if can_decide_proposals(user):
        return entries
    if keeps_timetable(user):  # those who may propose
        return entries.filter(Q(status=Proposal.APPROVED) | Q(proposed_by=user.unit_id))
    return entries.approved()
