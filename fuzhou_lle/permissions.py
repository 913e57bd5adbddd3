"""Who may do what in the committee core. Apps keep their own rules in their own permissions.py."""

from django.core.exceptions import PermissionDenied


def is_committee(user):
    return user.is_authenticated and user.is_committee


def can_use_admin(user):
    return user.is_authenticated and user.is_staff


def require(user, rule, *objects) -> None:
    """The one guard every service and view calls: raise PermissionDenied (403) unless
    `rule(user, *objects)` holds. Rules are the plain predicates in each app's permissions.py, and depend on
    the user's role and unit together."""
    if not rule(user, *objects):
        raise PermissionDenied
