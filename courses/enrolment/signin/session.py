"""The household in the session: its own key, beside (never instead of) a staff user's sign-in."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from ..models import Household

SESSION_KEY = "_household_id"


def household_login(request, household: Household) -> None:
    request.session.cycle_key()  # a new session id at sign-in: no fixation
    request.session[SESSION_KEY] = household.pk
    request.household = household


def household_logout(request) -> None:
    """End the household's sign-in; a staff user signed in on the same browser stays signed in."""
    if request.user.is_authenticated:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session.flush()
    request.household = None


def household_of(request) -> Household | None:
    """The signed-in household, or None (read once a request)."""
    if not hasattr(request, "household"):
        pk = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        request.household = Household.objects.filter(pk=pk).first() if pk else None
    return request.household


def household_required(view):
    """Sets request.household, or sends the visitor to sign in and back."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if household_of(request) is None:
            return redirect(reverse("enrolment:sign_in") + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapped
