from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fuzhou_lle.accounts.permissions import is_committee, require
from fuzhou_lle.ops.health import readiness
from fuzhou_lle.ops.status import system_status


@never_cache
@require_GET
def healthz(request):
    """The process is up and answering; nothing else is asked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Ready for traffic: database, cache and broker reachable, no migration pending. 503 otherwise."""
    ready, checks = readiness()
    body = {"status": "ok" if ready else "error", "checks": checks}
    response = JsonResponse(body, status=200 if ready else 503)
    # The request log has the line (with the checks' verdict in the body); Django's own would repeat it.
    response._has_been_logged = True
    return response


@never_cache
@login_required
def system(request):
    require(request.user, is_committee, hidden=True)
    return render(request, "ops/system.html", {"status": system_status(timezone.now())})
