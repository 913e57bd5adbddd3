"""Queueing, running and clearing away exports."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from openpyxl import Workbook

from fuzhou_lle.accounts.models import User
from fuzhou_lle.celery import task_enqueue
from fuzhou_lle.exports.models import ExportJob
from fuzhou_lle.files.spreadsheets import workbook_response

logger = logging.getLogger(__name__)

# The worker's task (tasks.py), queued by name: tasks.py imports this module.
RUN_TASK = "fuzhou_lle.exports.tasks.export_run_task"

# How often a running export writes its progress down: often enough for the page's bar to move, seldom
# enough that ten thousand rows cost a handful of updates.
PROGRESS_SECONDS = 0.5
# A job still queued this long after it was asked for lost its message (the broker was away).
STALE_QUEUED = timedelta(minutes=5)


@dataclass
class Spreadsheet:
    filename: str
    workbook: Workbook


# build(params, progress): progress(rows written so far) is called as it goes.
Progress = Callable[[int], None]
Builder = Callable[[dict[str, Any], Progress], Spreadsheet]

# The dotted paths of the functions marked @exporter: only these are run from a job's stored path, so a job
# row can name nothing else.
_EXPORTERS: set[str] = set()


def _path(build: Builder) -> str:
    return f"{build.__module__}.{build.__qualname__}"


def exporter(build: Builder) -> Builder:
    """Mark `build(params, progress)` as an export."""
    _EXPORTERS.add(_path(build))
    return build


def _builder(path: str) -> Builder:
    build = import_string(path)  # importing its module marks it, in the worker too
    if path not in _EXPORTERS:
        raise ValueError(f"{path} is not an @exporter")
    return build


def export_response(
    request: HttpRequest, build: Builder, params: dict[str, Any], *, rows: int, title: str
) -> HttpResponse:
    """The spreadsheet `build(params)` makes: sent at once when it has at most EXPORT_INLINE_ROWS rows;
    otherwise queued as the user's job, whose page shows the progress and then the download link. The
    caller has checked the user may see what is exported; `rows` is its (estimated) number of rows."""
    if rows <= settings.EXPORT_INLINE_ROWS:
        sheet = build(params, lambda done: None)
        return workbook_response(sheet.workbook, sheet.filename)
    owner = cast(User, request.user)  # exports are asked for from signed-in staff pages only
    job = export_queue(owner, build, params, rows=rows, title=title)
    return redirect(job)


def export_queue(owner: User, build: Builder, params: dict[str, Any], *, rows: int, title: str) -> ExportJob:
    path = _path(build)
    _builder(path)  # fails here, in the request, rather than in the worker
    job = ExportJob.objects.create(
        owner=owner,
        title=title[:200],
        builder=path,
        params=params,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rows_total=rows,
    )
    # A broker that does not answer leaves the job queued; exports_tidy queues it again.
    transaction.on_commit(lambda: task_enqueue(RUN_TASK, job.pk))
    return job


def export_run(job_pk: int) -> ExportJob | None:
    """Write the job's file. A job is claimed by a conditional update, so a message delivered twice runs
    it once. A failure is recorded on the job (the page says so) and logged with its traceback."""
    claimed = ExportJob.objects.filter(pk=job_pk, state=ExportJob.State.QUEUED).update(
        state=ExportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ExportJob.objects.get(pk=job_pk)
    last_written = time.monotonic()

    def progress(done: int) -> None:
        nonlocal last_written
        if time.monotonic() - last_written >= PROGRESS_SECONDS:
            # The count was taken when the job was queued; rows added since must not overflow the bar.
            ExportJob.objects.filter(pk=job.pk).update(rows_done=min(done, job.rows_total))
            last_written = time.monotonic()

    try:
        with translation.override(job.language):
            sheet = _builder(job.builder)(job.params, progress)
            buffer = BytesIO()
            sheet.workbook.save(buffer)
    except Exception:
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, finished_at=timezone.now())
        job.refresh_from_db()
        return job
    job.filename = sheet.filename[:200]
    # Stored under a random name (private_upload_to); only the extension of this one counts.
    job.file.save(f"export{Path(sheet.filename).suffix}", ContentFile(buffer.getvalue()), save=False)
    job.state = ExportJob.State.DONE
    job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    job.save(update_fields=["filename", "file", "state", "rows_done", "finished_at"])
    return job


@dataclass
class Tidied:
    requeued: int
    failed: int
    removed: int


def exports_tidy(now: datetime | None = None) -> Tidied:
    """Beat's housekeeping: queue again the jobs whose message was lost (still queued after
    STALE_QUEUED), give up on those whose worker died (running past the task time limit), and delete
    jobs, with their files, older than EXPORT_KEEP_DAYS."""
    now = now or timezone.now()
    lost = ExportJob.objects.filter(state=ExportJob.State.QUEUED, created_at__lt=now - STALE_QUEUED)
    requeued = sum(task_enqueue(RUN_TASK, pk) for pk in lost.values_list("pk", flat=True))
    dead = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    failed = ExportJob.objects.filter(state=ExportJob.State.RUNNING, started_at__lt=dead).update(
        state=ExportJob.State.FAILED, finished_at=now
    )
    expired = list(ExportJob.objects.filter(created_at__lt=now - timedelta(days=settings.EXPORT_KEEP_DAYS)))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return Tidied(requeued, failed, len(expired))
