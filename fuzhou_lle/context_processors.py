from django.conf import settings

from .models import Notification


def portal(request):
    context = {"SITE_TITLE": settings.SITE_TITLE}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = Notification.objects.for_user(user).unread().count()
    return context
