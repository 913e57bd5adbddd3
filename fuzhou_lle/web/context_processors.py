from functools import partial

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from fuzhou_lle.reminders.models import Notification
from fuzhou_lle.web.navigation import language_switch, nav_items


def _unread(request) -> int:
    """Counted once per request, however many panels render with the request's context."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.for_user(request.user).unread().count()
    return request._unread_notifications


def portal(request):
    # Callables, computed only by the templates that show the header (not by every panel or email).
    context = {
        "SITE_TITLE": settings.SITE_TITLE,
        "nav": partial(nav_items, request),
        "other_language": partial(language_switch, request),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = SimpleLazyObject(lambda: _unread(request))
    return context
