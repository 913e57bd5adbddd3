from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from fuzhou_lle.exports.models import ExportJob
from fuzhou_lle.files.storage import stored_file_response

# The list shows the recent jobs; older ones are deleted by exports_tidy after EXPORT_KEEP_DAYS anyway.
LIST_LIMIT = 50


def _own_job(request, pk) -> ExportJob:
    # Someone else's export answers as if it did not exist: its title alone may say too much.
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


@never_cache
@login_required
def export_list(request):
    jobs = request.user.export_jobs.all()[:LIST_LIMIT]
    context = {"jobs": jobs, "keep_days": settings.EXPORT_KEEP_DAYS}
    return render(request, "exports/exportjob_list.html", context)


@never_cache
@login_required
def export_detail(request, pk):
    job = _own_job(request, pk)
    # htmx polls for the progress part alone until the job has finished.
    if request.headers.get("HX-Request"):
        return render(request, "exports/includes/_progress.html", {"job": job})
    return render(request, "exports/exportjob_detail.html", {"job": job})


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.state != ExportJob.State.DONE:
        raise Http404
    return stored_file_response(job.file, filename=job.filename)
