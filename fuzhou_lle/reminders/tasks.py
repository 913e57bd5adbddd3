"""Celery tasks of the reminders: thin shims over the sweep and the digest."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from fuzhou_lle.reminders import digest, notifications, sweep


@shared_task
def reminders_sweep_task():
    """Beat's daily sweep. "Today" is the date in Asia/Shanghai (settings.TIME_ZONE)."""
    result = sweep.reminders_sweep(today=timezone.localdate())
    return f"sent {result.sent}, skipped {result.skipped}"


# Backoff 60 s, 120 s, 240 s … up to an hour; after the last retry the row stays "failed" and the next
# daily sweep queues it again.
@shared_task(
    autoretry_for=digest.MAIL_ERRORS,
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def digest_send(user_id, date_iso):
    digest.digest_send(user_id=user_id, day=date.fromisoformat(date_iso))


@shared_task(
    autoretry_for=digest.MAIL_ERRORS,
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def notification_email_send(notification_id):
    """A notification that must not wait for the daily digest (催办), emailed once."""
    notifications.notification_email_send(notification_id=notification_id)
