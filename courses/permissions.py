"""Who may do what with courses. Districts keep their own teaching points and timetable; the committee
keeps the libraries (courses, teachers, textbooks, categories, audiences) and decides proposals.

Querysets are scoped to the user, so another district's point or offering is a 404, not a 403."""

from django.core.exceptions import PermissionDenied

from fuzhou_lle.models import District
from fuzhou_lle.permissions import is_committee

from .models import Offering, TeachingPoint


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


def require_decider(user) -> None:
    if not can_decide_proposals(user):
        raise PermissionDenied
