"""Who may do what in the committee core. Apps keep their own rules in their own permissions.py."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fuzhou_lle.accounts.models import User

# Whoever makes a request: a signed-in user or an anonymous visitor. Every rule takes one first.
Person = User | AnonymousUser


def is_committee(user: Person) -> bool:
    return user.is_authenticated and user.is_committee


def can_use_admin(user: Person) -> bool:
    return user.is_authenticated and user.is_staff


def require(user: Person, rule: Callable[..., bool], *objects: Any, hidden: bool = False) -> None:
    """The one guard every service and view calls: raise PermissionDenied (403) unless
    `rule(user, *objects)` holds. Rules are the plain predicates in each app's permissions.py, and depend on
    the user's role and unit together.

    `hidden` answers 404 instead, for pages that exist only for the committee (the audit log, the import):
    to anyone else they are not there, as another district's records are not."""
    if not rule(user, *objects):
        raise Http404 if hidden else PermissionDenied
