"""The pages that gather from every app: home and my work.

This is the composition layer. It reaches the apps only through each app's optional `panels` module
(see hooks.py), so an app adds itself to these pages without touching them.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .hooks import app_modules
from .public_cache import public_page


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
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.COOKIES.get("text_size") == "large":
        response.delete_cookie("text_size")
    else:
        response.set_cookie("text_size", "large", max_age=365 * 24 * 3600, samesite="Lax")
    return response
