from functools import partial

from django.conf import settings

from .models import Notification
from .navigation import language_switch, nav_items


def portal(request):
    # Callables, computed only by the templates that show the header (not by every panel or email).
    context = {
        "SITE_TITLE": settings.SITE_TITLE,
        "nav": partial(nav_items, request),
        "other_language": partial(language_switch, request),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = Notification.objects.for_user(user).unread().count()
    return context
