from django.conf import settings


def portal(request):
    return {"SITE_TITLE": settings.SITE_TITLE}
