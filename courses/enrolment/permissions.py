"""Who may do what with enrolment. Staff (portal users): a district keeps its own terms' rules and classes'
limits and takes attendance in its classes; a teacher with an account takes attendance in the classes they
teach; the committee sees the figures and corrects rules. Households (learners, never portal users) reach
only their own members and enrolments: every query of theirs starts from the household, so another
family's record is a 404."""

from typing import TypeGuard

from courses.models import Offering
from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import Person, is_committee
from fuzhou_lle.units.models import District

from .models import EnrolmentRule


def is_district_staff(user: Person) -> TypeGuard[User]:
    return user.is_authenticated and user.is_district and user.district is not None


def keeps_rules(user: Person, district: District) -> bool:
    """The district's own staff (and the committee, which may correct any district's rule)."""
    return is_committee(user) or (is_district_staff(user) and user.district == district)


def can_keep_rule(user: Person, rule: EnrolmentRule) -> bool:
    return keeps_rules(user, rule.district)


def can_keep_limits(user: Person, offering: Offering) -> bool:
    return keeps_rules(user, offering.teaching_point.district)


def is_teacher(user: Person) -> TypeGuard[User]:
    return user.is_authenticated and getattr(user, "teacher_account", None) is not None


def teaches(user: Person, offering: Offering) -> bool:
    if not is_teacher(user) or offering.teacher_id is None:
        return False
    return bool(user.teacher_account.teacher_id == offering.teacher_id)


def can_take_attendance(user: Person, offering: Offering) -> bool:
    """The class's own teacher, or the staff of its district (teaching points are the district's)."""
    if teaches(user, offering):
        return True
    return is_district_staff(user) and offering.teaching_point.district_id == user.district.pk


def keeps_some_rules(user: Person) -> bool:
    """A district's staff (their own district's rules and figures) or the committee (all of them)."""
    return is_committee(user) or is_district_staff(user)


def takes_some_attendance(user: Person) -> bool:
    return is_teacher(user) or is_district_staff(user)
