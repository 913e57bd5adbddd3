"""Who may do what in the committee core. Apps keep their own rules in their own permissions.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def is_committee(user):
    return user.is_authenticated and user.is_committee


def can_use_admin(user):
    return user.is_authenticated and user.is_staff


def require(user, rule, *objects, hidden: bool = False) -> None:
    """The one guard every service and view calls: raise PermissionDenied (403) unless
    `rule(user, *objects)` holds. Rules are the plain predicates in each app's permissions.py, and depend on
    the user's role and unit together.

    `hidden` answers 404 instead, for pages that exist only for the committee (the audit log, the import):
    to anyone else they are not there, as another district's records are not."""
    if not rule(user, *objects):
        raise Http404 if hidden else PermissionDenied
