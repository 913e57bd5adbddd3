"""Who may do what in the committee core. Apps keep their own rules in their own permissions.py."""

from django.core.exceptions import PermissionDenied


def is_committee(user):
    return user.is_authenticated and user.is_committee


def can_use_admin(user):
    return user.is_authenticated and user.is_staff


def require_committee(user):
    """Raise 403 unless the user is committee office staff."""
    if not is_committee(user):
        raise PermissionDenied
