"""Who may do what with courses. Districts keep their own teaching points and timetable; the committee
keeps the libraries (courses, teachers, textbooks, categories, audiences) and decides proposals.

Querysets are scoped to the user, so another district's point or offering is a 404, not a 403."""

from django.db.models import Q

from fuzhou_lle.accounts.permissions import is_committee, require

from .models import Offering, Proposal, TeachingPoint


def keeps_timetable(user) -> bool:
    """A district user (role district) of a district committee (unit)."""
    return user.is_authenticated and user.is_district and user.district is not None


def can_keep_point(user, point) -> bool:
    """A district's own teaching point (the committee may correct any, in the admin)."""
    return is_committee(user) or (keeps_timetable(user) and point.district_id == user.district.pk)


def can_keep_offering(user, offering) -> bool:
    return can_keep_point(user, offering.teaching_point)


def can_edit_entry(user, entry) -> bool:
    """The committee keeps the libraries; a district its own teaching points."""
    if isinstance(entry, TeachingPoint):
        return can_keep_point(user, entry)
    return is_committee(user)


def points_kept_by(user):
    require(user, keeps_timetable)
    return TeachingPoint.objects.of_district(user.district)


def offerings_kept_by(user):
    require(user, keeps_timetable)
    return Offering.objects.of_district(user.district)


def can_propose(user) -> bool:
    return keeps_timetable(user)


def can_decide_proposals(user) -> bool:
    return is_committee(user)


def library_entries_visible_to(user, model):
    """Teachers or textbooks whose photo or file the user may fetch: approved ones for everyone; pending and
    rejected ones for the committee and the district staff who proposed them (the district role of the
    proposing unit: not a reviewer or anyone else whose account happens to sit in that unit)."""
    entries = model.objects.all()
    if can_decide_proposals(user):
        return entries
    if can_propose(user):
        return entries.filter(Q(status=Proposal.APPROVED) | Q(proposed_by=user.unit_id))
    return entries.approved()
