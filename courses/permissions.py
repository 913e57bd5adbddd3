"""Who may do what with courses. Districts keep their own teaching points and timetable; the committee
keeps the libraries (courses, teachers, textbooks, categories, audiences) and decides proposals.

Querysets are scoped to the user, so another district's point or offering is a 404, not a 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from fuzhou_lle.models import District
from fuzhou_lle.permissions import is_committee

from .models import Offering, Proposal, TeachingPoint


def keeps_timetable(user) -> bool:
    return user.is_authenticated and user.is_district and user.district is not None


def require_district(user) -> District:
    """The district the user keeps the timetable for; 403 for anyone who keeps none."""
    if not keeps_timetable(user):
        raise PermissionDenied
    return user.district


def points_kept_by(user):
    return TeachingPoint.objects.of_district(require_district(user))


def offerings_kept_by(user):
    return Offering.objects.of_district(require_district(user))


def can_propose(user) -> bool:
    return keeps_timetable(user)


def can_decide_proposals(user) -> bool:
    return is_committee(user)


def library_entries_visible_to(user, model):
    """Teachers or textbooks whose photo or file the user may fetch: approved ones for everyone; pending and
    rejected ones for the committee and the district that proposed them."""
    entries = model.objects.all()
    if can_decide_proposals(user):
        return entries
    if user.is_authenticated and user.unit_id:
        return entries.filter(Q(status=Proposal.APPROVED) | Q(proposed_by=user.unit_id))
    return entries.approved()


def require_decider(user) -> None:
    if not can_decide_proposals(user):
        raise PermissionDenied
