from django.http import HttpResponse
from django.urls import path

from fuzhou_lle.urls import urlpatterns as portal


def minimal(request):
    """The least a Django page can do: the same middleware, no template, no query."""
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal/", minimal), *portal]
