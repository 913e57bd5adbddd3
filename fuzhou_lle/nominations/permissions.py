"""Who may do what with nominations, for brands/ and awards/ alike.

Seeing is decided by NominationQuerySet.visible_to (so what a user may not see is a 404); these
functions decide acting on what they can see.
"""

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import Person, is_committee
from fuzhou_lle.nominations.workflow import AbstractAssignment, AbstractNomination, AbstractRound, Status


def is_own_district(user: Person, nomination: AbstractNomination) -> bool:
    return user.is_authenticated and user.is_district and user.district == nomination.district


def can_create(user: Person, round_: AbstractRound) -> bool:
    """A district, while the round is open and it has places left: a draft that can never be submitted
    is work wasted."""
    return (
        user.is_authenticated
        and user.is_district
        and user.district is not None
        and round_.is_open()
        and round_.places_for(user.district).left > 0
    )


def can_edit(user: Person, nomination: AbstractNomination) -> bool:
    """The district's own nomination, while it is a draft or returned for revision."""
    return is_own_district(user, nomination) and nomination.is_editable


def can_submit(user: Person, nomination: AbstractNomination) -> bool:
    return can_edit(user, nomination)


def can_check(user: Person) -> bool:
    """Committee office work: return, accept, assign, shortlist, publish, recommend, rewards."""
    return is_committee(user)


def can_edit_round(user: Person, round_: AbstractRound) -> bool:
    """The committee may change a round's dates, review criteria and places until a district submits its
    first nomination, and never after the results are out: nobody is then judged by rules changed after
    they reported. Drafts do not lock the round."""
    return (
        is_committee(user)
        and round_.results_published_at is None
        and not round_.nominations.counting_towards_quota().exists()
    )


def can_score(user: Person, assignment: AbstractAssignment) -> bool:
    """Only the assigned reviewer, only while the nomination is under review, never for their own district."""
    nomination = assignment.nomination
    return (
        user.is_authenticated
        and user.is_reviewer
        and assignment.reviewer_id == user.pk
        and nomination.status == Status.UNDER_REVIEW
        and user.district != nomination.district
    )


def can_assign_to(reviewer: User, nomination: AbstractNomination) -> bool:
    """A reviewer may be given a nomination unless it comes from their own district."""
    return reviewer.is_active and reviewer.is_reviewer and reviewer.district != nomination.district


def can_see_scores(user: Person) -> bool:
    """All reviewers' scores; each reviewer sees only their own, through their assignment."""
    return is_committee(user)
