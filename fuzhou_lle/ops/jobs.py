"""Scheduled jobs: one log line per job, a record of each scheduled job's last run (its heartbeat), and a
lease so that a job two workers pick up at once runs once.

Jobs are named by their key in settings.CELERY_BEAT_SCHEDULE ("reminders-sweep", "backup-nightly"), so the
record survives a task moving to another module.
"""

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.signals import task_failure, task_postrun, task_prerun
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from fuzhou_lle.ops.logs import bind_request_id, unbind_request_id
from fuzhou_lle.ops.models import JobRun

logger = logging.getLogger("fuzhou_lle.job")

SWEEP = "reminders-sweep"
BACKUP = "backup-nightly"
HEARTBEAT = "heartbeat"


def scheduled_name(task_name: str) -> str | None:
    """The beat schedule key of a task, or None for tasks beat does not start (emails)."""
    for key, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if entry["task"] == task_name:
            return key
    return None


def job_started(name: str) -> None:
    JobRun.objects.update_or_create(name=name, defaults={"last_started_at": timezone.now()})


def job_finished(name: str, *, error: str = "") -> None:
    now = timezone.now()
    if error:
        values = {"last_failed_at": now, "last_error": error[:2000]}
    else:
        values = {"last_succeeded_at": now, "last_error": ""}
    JobRun.objects.update_or_create(name=name, defaults=values)


@contextmanager
def job_lease(name: str, *, seconds: int):
    """Yield True to the one caller that holds the job's lease, False to any other that comes meanwhile.

    A conditional update in the database, so it holds across workers on different servers; the lease
    expires after `seconds`, so a worker killed mid-job does not block the job for ever."""
    JobRun.objects.get_or_create(name=name)
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    taken = JobRun.objects.filter(free, name=name).update(lease_until=now + timedelta(seconds=seconds))
    if not taken:
        yield False
        return
    try:
        yield True
    finally:
        JobRun.objects.filter(name=name).update(lease_until=None)


@dataclass(frozen=True)
class SweepHealth:
    last_succeeded_at: datetime | None
    stale: bool


def sweep_health(now: datetime | None = None) -> SweepHealth:
    """Whether the reminder sweep has gone SWEEP_STALE_HOURS without a successful run. Before its first run
    the clock starts when beat first ran anything, so a fresh installation is not in error before 08:00."""
    now = now or timezone.now()
    runs = {run.name: run for run in JobRun.objects.filter(name__in=[SWEEP, HEARTBEAT])}
    sweep, heartbeat = runs.get(SWEEP), runs.get(HEARTBEAT)
    since = (sweep and sweep.last_succeeded_at) or (heartbeat and heartbeat.created_at)
    limit = now - timedelta(hours=settings.SWEEP_STALE_HOURS)
    return SweepHealth(
        last_succeeded_at=sweep.last_succeeded_at if sweep else None,
        stale=since is None or since < limit,
    )


def sweep_check(now: datetime | None = None) -> SweepHealth:
    """sweep_health, logged as an error when stale (for whoever watches the log)."""
    health = sweep_health(now)
    if health.stale:
        logger.error(
            "reminder sweep has not succeeded for %s hours (last success: %s); is celery beat running?",
            settings.SWEEP_STALE_HOURS,
            health.last_succeeded_at.isoformat() if health.last_succeeded_at else "never",
        )
    return health


# Celery's task signals: the same for every task, eager ones included, so no task has to remember them.
_running: dict[str, tuple[float, object]] = {}


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    _running[task_id] = (time.monotonic(), bind_request_id(task_id))
    name = scheduled_name(task.name)
    if name:
        job_started(name)


@task_failure.connect
def _task_failed(task_id=None, sender=None, exception=None, **kwargs):
    name = scheduled_name(sender.name)
    if name:
        job_finished(name, error=f"{type(exception).__name__}: {exception}")


@task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    started, token = _running.pop(task_id, (time.monotonic(), None))
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    name = scheduled_name(task.name)
    if name and state == "SUCCESS":
        job_finished(name)
    logger.info(
        "job %s %s %sms",
        task.name,
        state,
        duration_ms,
        extra={"job": task.name, "state": state, "duration_ms": duration_ms},
    )
    if token is not None:
        unbind_request_id(token)
