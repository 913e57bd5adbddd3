"""Scheduled jobs of operations: thin shims over the services. Their runs are recorded by jobs.py."""

from celery import shared_task
from django.conf import settings

from fuzhou_lle.ops.backups import backup_run
from fuzhou_lle.ops.jobs import sweep_check


@shared_task(soft_time_limit=4 * 3600, time_limit=4 * 3600 + 60)
def backup_nightly_task():
    result = backup_run(keep=settings.BACKUP_KEEP)
    if result.archive is None:
        return "skipped: another backup is running"
    return f"{result.archive.name}, removed {len(result.removed)}"


@shared_task
def heartbeat_task():
    """Beat's pulse: its run is the heartbeat the system page shows, and it says in the log, every ten
    minutes, when the daily reminder sweep has stopped happening."""
    return "sweep stale" if sweep_check().stale else "ok"
