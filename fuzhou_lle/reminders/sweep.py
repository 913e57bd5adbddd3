"""The reminder sweep: what the rules say today, recorded once in ReminderLog and notified in-app at once.

The rules (rules.py, registered by each app) say who should hear about what; the sweep records each
reminder in ReminderLog, whose uniqueness constraint (rule, object, recipient, due date, step) is what
makes a sweep that runs twice, late, or at the same moment as another record and deliver each reminder
once. Email goes out after the sweep commits, as digests (digest.py).

Stale policy: a reminder whose due date is more than settings.REMINDER_STALE_DAYS days past is neither
recorded nor emailed. Within that window a sweep after an outage records whatever the rules say today
(the current step only, so a "7 days left" reminder is never sent once "3 days left" applies).
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from ..hooks import app_modules
from ..models import Notification, ReminderLog, User
from .digest import digest_open, digests_enqueue
from .rules import RULES, Reminder

logger = logging.getLogger(__name__)


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
            digest = digest_open(user, today)
            ReminderLog.objects.filter(pk__in=[log.pk for log in new if log.recipient == user]).update(
                digest=digest
            )
        # robust: with tasks running inline (no broker), a failing mail server must not fail the sweep.
        transaction.on_commit(lambda: digests_enqueue(today=today), robust=True)
    return SweepResult(sent=len(new), skipped=len(due) - len(new))


def reminders_upcoming(*, user: User, today: date, days: int = 30) -> list[Reminder]:
    """What the rules say this user will be reminded of from today to `days` ahead, computed without
    writing: the rules run as of today and every week after, which brings in each deadline once it is
    within the rule's largest step (7 days for the usual 7/3/1)."""
    found = {}
    for offset in range(0, days + 1, 7):
        for reminder in reminders_due(today=today + timedelta(days=offset)):
            if reminder.recipient.pk == user.pk and reminder.due_on <= today + timedelta(days=days):
                found.setdefault((reminder.rule, reminder.target._meta.label, reminder.target.pk), reminder)
    return sorted(found.values(), key=lambda reminder: reminder.due_on)


def reminders_for(targets) -> list[ReminderLog]:
    """Who was reminded when about an object (a milestone, a round …) or a list of objects of one model,
    newest first."""
    if isinstance(targets, models.Model):
        targets = [targets]
    return list(ReminderLog.objects.about(list(targets)).select_related("recipient__unit", "digest"))
