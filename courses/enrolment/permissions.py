"""Who may do what with enrolment. Staff (portal users): a district keeps its own terms' rules and classes'
limits and takes attendance in its classes; a teacher with an account takes attendance in the classes they
teach; the committee sees the figures. Households (learners, not portal users) reach only their own members
and enrolments: their querysets start from the household (households.py), so another family's is a 404."""

from fuzhou_lle.accounts.permissions import is_committee


def keeps_rules(user, district) -> bool:
    """The district's own staff (and the committee, which may correct any district's rule)."""
    if is_committee(user):
        return True
    return (
        user.is_authenticated and user.is_district and user.district is not None and user.district == district
    )


def can_keep_rule(user, rule) -> bool:
    return keeps_rules(user, rule.district)


def can_keep_limits(user, offering) -> bool:
    return keeps_rules(user, offering.teaching_point.district)


def teaches(user, offering) -> bool:
    account = getattr(user, "teacher_account", None) if user.is_authenticated else None
    return (
        account is not None and offering.teacher_id is not None and account.teacher_id == offering.teacher_id
    )


def is_teacher(user) -> bool:
    return user.is_authenticated and getattr(user, "teacher_account", None) is not None


def can_take_attendance(user, offering) -> bool:
    """The class's own teacher, or the staff of its district (teaching points are the district's)."""
    if not user.is_authenticated:
        return False
    district_staff = user.is_district and user.district is not None
    return teaches(user, offering) or (
        district_staff and offering.teaching_point.district_id == user.district.pk
    )


def keeps_some_rules(user) -> bool:
    """A district's staff (their own district's rules and figures) or the committee (all of them)."""
    return is_committee(user) or (user.is_authenticated and user.is_district and user.district is not None)


def takes_some_attendance(user) -> bool:
    return is_teacher(user) or (user.is_authenticated and user.is_district and user.district is not None)
