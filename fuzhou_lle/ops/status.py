"""What the committee's system page shows: the last sweep and backup, the queue, failed mail."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from kombu.exceptions import ChannelError

from fuzhou_lle.celery import app as celery_app
from fuzhou_lle.ops.backups import Archive, backup_archives
from fuzhou_lle.ops.jobs import BACKUP, HEARTBEAT, SWEEP, SweepHealth, sweep_check
from fuzhou_lle.ops.models import JobRun
from fuzhou_lle.reminders.models import DigestDelivery


@dataclass(frozen=True)
class SystemStatus:
    sweep: SweepHealth
    stale_hours: int
    sweep_run: JobRun | None
    backup_run: JobRun | None
    heartbeat_run: JobRun | None
    last_backup: Archive | None
    queue_length: int | None  # None: the broker did not answer
    inline_tasks: bool
    failed_mail: int
    failed_mail_recent: list
    checked_at: datetime


def queue_length() -> int | None:
    try:
        with celery_app.connection_for_read() as conn:
            return conn.default_channel.queue_declare(queue="celery", passive=True).message_count
    except ChannelError:  # Redis keeps no empty queue: nothing was ever queued, or all is done
        return 0
    except Exception:  # a broker that is down is something to show, not to fail on
        return None


def system_status(now: datetime) -> SystemStatus:
    inline = settings.CELERY_TASK_ALWAYS_EAGER
    failed = DigestDelivery.objects.filter(status=DigestDelivery.Status.FAILED)
    archives = backup_archives()
    runs = {run.name: run for run in JobRun.objects.filter(name__in=[SWEEP, BACKUP, HEARTBEAT])}
    return SystemStatus(
        sweep=sweep_check(now),
        stale_hours=settings.SWEEP_STALE_HOURS,
        sweep_run=runs.get(SWEEP),
        backup_run=runs.get(BACKUP),
        heartbeat_run=runs.get(HEARTBEAT),
        last_backup=archives[-1] if archives else None,
        queue_length=0 if inline else queue_length(),
        inline_tasks=inline,
        failed_mail=failed.count(),
        failed_mail_recent=list(failed.select_related("recipient")[:10]),
        checked_at=now,
    )
