"""The pages that gather from every app: home and my work.

This is the composition layer. It reaches the apps only through each app's optional `panels` module
(see hooks.py), so an app adds itself to these pages without touching them.
"""

import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_POST

from fuzhou_lle.hooks import app_modules
from fuzhou_lle.web.public_cache import public_page


def _panels(hook, request):
    """Each app's `panels.<hook>(request)` as rendered HTML, skipping apps with nothing to show."""
    rendered = (getattr(module, hook)(request) for module in app_modules("panels") if hasattr(module, hook))
    return [html for html in rendered if html]


@public_page
def home(request):
    return render(request, "fuzhou_lle/home.html", {"panels": _panels("home", request)})


@login_required
def my_work(request):
    return render(request, "fuzhou_lle/my_work.html", {"panels": _panels("my_work", request)})


@require_POST
def text_size(request):
    """Toggle large type for this browser. A cookie, so it works without JavaScript and without login."""
    target = request.POST.get("next", "")
    # Only a path on this site; anything else ("0", a URL name, another host) goes home. Not redirect():
    # it would try `next` as a URL name first.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get("text_size") == "large":
        response.delete_cookie("text_size")
    else:
        response.set_cookie("text_size", "large", max_age=365 * 24 * 3600, samesite="Lax")
    return response


def server_error(request):
    """handler500. A database that cannot be reached (or fails with an operational error) answers 503 with a
    page that needs no database: no base.html, no context processors, no session. Anything else is the 500."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "120"
        return response
    return defaults.server_error(request)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file. Not permanent:
    the static address carries the file's hash and changes with it."""
    return redirect(static("favicon.ico"))
