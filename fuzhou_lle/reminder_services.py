"""The reminder sweep and its delivery: an in-app notification at once, and at most one digest email a
person a day.

The rules (reminders.py, registered by each app) say who should hear about what; the sweep records each
reminder in ReminderLog, whose uniqueness constraint (rule, object, recipient, due date, step) is what
makes a sweep that runs twice, late, or at the same moment as another record and deliver each reminder
once. Email goes out after the sweep commits, through a Celery task; a delivery that fails or could not
be queued stays recorded as pending or failed, and the next sweep queues it again.

Stale policy: a reminder whose due date is more than settings.REMINDER_STALE_DAYS days past is neither
recorded nor emailed. Within that window a sweep after an outage records whatever the rules say today
(the current step only, so a "7 days left" reminder is never sent once "3 days left" applies).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from .hooks import app_modules
from .models import DigestDelivery, Notification, ReminderLog, User
from .reminders import RULES, Reminder

logger = logging.getLogger(__name__)

# What a failing mail server raises; the digest task retries on these.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True)
class SweepResult:
    sent: int  # reminders recorded by this sweep (notified in-app, queued for email)
    skipped: int  # reminders already in the log


def _key(reminder: Reminder) -> dict:
    """The log's uniqueness fields for a reminder."""
    return {
        "rule": reminder.rule,
        "target_type": ContentType.objects.get_for_model(reminder.target),
        "target_id": reminder.target.pk,
        "recipient": reminder.recipient,
        "due_on": reminder.due_on,
        "step": reminder.step,
    }


def _order(reminder: Reminder) -> tuple:
    return (
        reminder.rule,
        reminder.target._meta.label,
        reminder.target.pk,
        reminder.recipient.pk,
        reminder.due_on,
        reminder.step,
    )


def reminders_due(*, today: date) -> list[Reminder]:
    """What the rules say today, without the stale ones and duplicates, in a fixed order (so two sweeps
    at once insert rows in the same order and the second waits for the first instead of deadlocking).
    A rule that fails is logged and the others still run."""
    app_modules("reminders")  # importing each app's module registers its rules
    stale_before = today - timedelta(days=settings.REMINDER_STALE_DAYS)
    found = {}
    for name, rule in RULES.items():
        try:
            with transaction.atomic():
                for reminder in rule(today):
                    if reminder.due_on >= stale_before:
                        found.setdefault(_order(reminder), reminder)
        except Exception:
            logger.exception("reminder rule %s failed", name)
    return [found[order] for order in sorted(found)]


def _reminder_record(reminder: Reminder) -> ReminderLog | None:
    """Log and notify in-app, unless the log already has it. get_or_create inserts in a savepoint and
    falls back to reading when the unique constraint refuses the row, so of two sweeps inserting the
    same reminder exactly one creates it."""
    log, created = ReminderLog.objects.get_or_create(
        **_key(reminder), defaults={"message": reminder.message[:300], "url": reminder.url}
    )
    if not created:
        return None
    log.notification = Notification.objects.create(
        recipient=reminder.recipient, message=log.message, url=log.url
    )
    log.save(update_fields=["notification"])
    return log


def _digest_open(user: User, today: date) -> DigestDelivery:
    """The user's digest that can still take reminders: today's, or the next day's once today's is sent
    (at most one email a person a day). Locked, so a digest being sent is not added to meanwhile."""
    day = today
    while True:
        digest, _created = DigestDelivery.objects.get_or_create(recipient=user, date=day)
        digest = DigestDelivery.objects.select_for_update().get(pk=digest.pk)
        if digest.status != DigestDelivery.Status.SENT:
            return digest
        day += timedelta(days=1)


def reminders_sweep(*, today: date, dry_run: bool = False) -> SweepResult:
    """Record and deliver every reminder due `today` that is not yet in the log. Safe to run any number
    of times, late, or concurrently. A dry run writes nothing and enqueues nothing."""
    due = reminders_due(today=today)
    if dry_run:
        skipped = sum(ReminderLog.objects.filter(**_key(reminder)).exists() for reminder in due)
        return SweepResult(sent=len(due) - skipped, skipped=skipped)
    with transaction.atomic():
        new = [log for log in map(_reminder_record, due) if log]
        emailed = sorted({log.recipient for log in new if log.recipient.wants_email}, key=lambda u: u.pk)
        for user in emailed:
            digest = _digest_open(user, today)
            ReminderLog.objects.filter(pk__in=[log.pk for log in new if log.recipient == user]).update(
                digest=digest
            )
        # robust: with tasks running inline (no broker), a failing mail server must not fail the sweep.
        transaction.on_commit(lambda: digests_enqueue(today=today), robust=True)
    return SweepResult(sent=len(new), skipped=len(due) - len(new))


def task_enqueue(task, *args) -> bool:
    """Queue a task without ever hanging or breaking the caller. A broker that does not answer fails
    within seconds (see the CELERY_BROKER_* settings); that is logged, and whatever the task was to do
    stays recorded in the database for the next sweep to queue again."""
    try:
        task.apply_async(args, retry=False)
    except (OperationalError, ConnectionError) as error:
        logger.warning("could not queue %s%r, left for the next sweep: %s", task.name, args, error)
        return False
    return True


def digests_enqueue(*, today: date) -> int:
    """Queue every digest of the recent days not yet sent: today's new ones, and any that failed or
    could not be queued before. Stops at the first broker failure: the rest stay pending for the next
    sweep, and an outage costs one timeout and one log line, not one per person. Returns how many were
    queued."""
    from .tasks import digest_send  # the tasks module imports this one

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
        if not task_enqueue(digest_send, user_id, day.isoformat()):
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


def reminders_upcoming(*, user: User, today: date, days: int = 30) -> list[Reminder]:
    """What the rules say this user will be reminded of from today to `days` ahead, computed without
    writing: the rules run as of today and every week after, which brings in each deadline once it is
    within the rule's largest step (7 days for the usual 7/3/1).

    Each deadline appears once, worded as the earliest run sees it: a milestone due in 3 days would
    otherwise also come back from next week's run as overdue, in the other rule's words."""
    found = {}
    for offset in range(0, days + 1, 7):
        for reminder in reminders_due(today=today + timedelta(days=offset)):
            if reminder.recipient.pk == user.pk and reminder.due_on <= today + timedelta(days=days):
                key = (reminder.target._meta.label, reminder.target.pk, reminder.due_on)
                found.setdefault(key, reminder)
    return sorted(found.values(), key=lambda reminder: reminder.due_on)


def reminders_for(targets) -> list[ReminderLog]:
    """Who was reminded when about an object (a milestone, a round …) or a list of objects of one model,
    newest first."""
    if isinstance(targets, models.Model):
        targets = [targets]
    return list(ReminderLog.objects.about(list(targets)).select_related("recipient__unit", "digest"))
