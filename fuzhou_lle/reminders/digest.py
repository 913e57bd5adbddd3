"""The daily digest: at most one Chinese email a person a day listing their new reminders, sent through a
Celery task after the sweep commits. A delivery that fails or could not be queued stays recorded as pending
or failed, and the next sweep queues it again."""

import logging
import smtplib
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fuzhou_lle.celery import task_enqueue
from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog

logger = logging.getLogger(__name__)

# What a failing mail server raises; the digest task retries on these.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def digests_open(*, user_ids, today: date) -> dict[int, DigestDelivery]:
    """Each user's digest that can still take reminders: today's, or the next day's once today's is sent
    (at most one email a person a day), by user id. Locked, so a digest being sent is not added to
    meanwhile. Two queries a day looked at, however many users."""
    found = {}
    waiting = set(user_ids)
    day = today
    while waiting:
        DigestDelivery.objects.bulk_create(
            [DigestDelivery(recipient_id=pk, date=day) for pk in waiting], ignore_conflicts=True
        )
        for digest in DigestDelivery.objects.select_for_update().filter(recipient_id__in=waiting, date=day):
            if digest.status != DigestDelivery.Status.SENT:
                found[digest.recipient_id] = digest
        waiting -= found.keys()
        day += timedelta(days=1)
    return found


def digests_enqueue(*, today: date) -> int:
    """Queue every digest of the recent days not yet sent: today's new ones, and any that failed or
    could not be queued before. Stops at the first broker failure: the rest stay pending for the next
    sweep, and an outage costs one timeout and one log line, not one per person. Returns how many were
    queued."""
    unsent = (
        DigestDelivery.objects.filter(
            date__range=(today - timedelta(days=settings.REMINDER_STALE_DAYS), today)
        )
        .exclude(status=DigestDelivery.Status.SENT)
        .order_by("date", "pk")
        .values_list("recipient_id", "date")
    )
    queued = 0
    for user_id, day in unsent:
        if not task_enqueue("fuzhou_lle.reminders.tasks.digest_send", user_id, day.isoformat()):
            break
        queued += 1
    return queued


def _digest_email(
    digest: DigestDelivery, reminders: list[ReminderLog], notices: list[Notification]
) -> EmailMultiAlternatives:
    """The day's email: deadlines (reminders) and what happened to the person's work (notices)."""
    with translation.override(settings.LANGUAGE_CODE):
        for item in [*reminders, *notices]:
            item.link = f"{settings.PORTAL_BASE_URL}{item.url}"
        context = {
            "user": digest.recipient,
            "date": digest.date,
            "reminders": reminders,
            "notices": notices,
            "portal_url": settings.PORTAL_BASE_URL,
        }
        subject = _("【福州市终身教育】%(date)s 待办提醒（%(count)d 项）") % {
            "date": f"{digest.date.month}月{digest.date.day}日",
            "count": len(reminders) + len(notices),
        }
        email = EmailMultiAlternatives(
            subject,
            render_to_string("fuzhou_lle/email/reminder_digest.txt", context),
            to=[digest.recipient.email],
        )
        email.attach_alternative(
            render_to_string("fuzhou_lle/email/reminder_digest.html", context), "text/html"
        )
    return email


def digest_send(*, user_id: int, day: date) -> None:
    """Send a user's digest for a day, once. The row is locked while sending, so a retried or duplicated
    task waits and then finds it sent. A mail server error is recorded on the row and raised again, for
    the task to retry later."""
    failure = None
    with transaction.atomic():
        digest = (
            DigestDelivery.objects.select_for_update()
            .select_related("recipient")
            .filter(recipient_id=user_id, date=day)
            .first()
        )
        if digest is None or digest.status == DigestDelivery.Status.SENT:
            return
        reminders = list(digest.reminders.order_by("due_on", "pk"))
        notices = list(digest.notifications.order_by("created_at", "pk"))
        digest.attempts += 1
        try:
            if (reminders or notices) and digest.recipient.email:
                _digest_email(digest, reminders, notices).send()
        except MAIL_ERRORS as error:
            digest.status, digest.last_error, failure = DigestDelivery.Status.FAILED, repr(error), error
        else:
            digest.status, digest.sent_at, digest.last_error = DigestDelivery.Status.SENT, timezone.now(), ""
            digest.reminders.update(sent_at=digest.sent_at)
        digest.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    if failure:
        logger.warning("reminder digest for user %s on %s failed: %r", user_id, day, failure)
        raise failure
