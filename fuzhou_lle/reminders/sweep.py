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
from django.db import connection, models, transaction

from fuzhou_lle.accounts.models import User
from fuzhou_lle.hooks import app_modules
from fuzhou_lle.reminders.digest import digests_enqueue, digests_open
from fuzhou_lle.reminders.models import Notification, ReminderLog
from fuzhou_lle.reminders.rules import RULES, Reminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    sent: int  # reminders recorded by this sweep (notified in-app, queued for email)
    skipped: int  # reminders already in the log


def _key(reminder: Reminder) -> tuple:
    """The log's uniqueness fields for a reminder, as ids."""
    return (
        reminder.rule,
        ContentType.objects.get_for_model(reminder.target).pk,  # cached after the first of each model
        reminder.target.pk,
        reminder.recipient.pk,
        reminder.due_on,
        reminder.step,
    )


def _logged(*, today: date) -> set[tuple]:
    """The keys of every reminder already logged that a sweep today could still send again: one query,
    whatever the number of reminders (older ones are stale and never sent)."""
    stale_before = today - timedelta(days=settings.REMINDER_STALE_DAYS)
    return set(
        ReminderLog.objects.filter(due_on__gte=stale_before).values_list(
            "rule", "target_type_id", "target_id", "recipient_id", "due_on", "step"
        )
    )


def _sweep_lock() -> None:
    """Serialise concurrent sweeps from here to the end of the transaction, so the second one reads what
    the first wrote. SQLite takes one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('fuzhou_lle.reminders.sweep'))")


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
    """What the rules say today, without the stale ones and duplicates, in a fixed order.
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


def _reminders_record(new: list[Reminder], *, today: date) -> None:
    """Notify in-app and log `new` reminders, in bulk: a fixed number of queries however many there are.
    Email-wanting recipients' reminders join their open digest."""
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=rem.recipient, message=rem.message[:300], url=rem.url) for rem in new],
        batch_size=2000,
    )
    emailed = {reminder.recipient.pk for reminder in new if reminder.recipient.wants_email}
    digests = digests_open(user_ids=emailed, today=today)
    logs = [
        ReminderLog(
            rule=rule,
            target_type_id=target_type_id,
            target_id=target_id,
            recipient_id=recipient_id,
            due_on=due_on,
            step=step,
            message=notification.message,
            url=notification.url,
            notification=notification,
            digest=digests.get(recipient_id),
        )
        for (rule, target_type_id, target_id, recipient_id, due_on, step), notification in zip(
            map(_key, new), notifications, strict=True
        )
    ]
    # The lock makes conflicts impossible between sweeps; ignoring them keeps the log's uniqueness the
    # last word should anything else ever write a reminder.
    ReminderLog.objects.bulk_create(logs, batch_size=2000, ignore_conflicts=True)


def reminders_sweep(*, today: date, dry_run: bool = False) -> SweepResult:
    """Record and deliver every reminder due `today` that is not yet in the log. Safe to run any number
    of times, late, or concurrently. A dry run writes nothing and enqueues nothing. The rules fetch their
    recipients once each; the writes are in bulk, so the queries do not grow with the reminders."""
    due = reminders_due(today=today)
    if dry_run:
        logged = _logged(today=today)
        skipped = sum(_key(reminder) in logged for reminder in due)
        return SweepResult(sent=len(due) - skipped, skipped=skipped)
    with transaction.atomic():
        _sweep_lock()
        logged = _logged(today=today)
        new = [reminder for reminder in due if _key(reminder) not in logged]
        if new:
            _reminders_record(new, today=today)
        # robust: with tasks running inline (no broker), a failing mail server must not fail the sweep.
        transaction.on_commit(lambda: digests_enqueue(today=today), robust=True)
    return SweepResult(sent=len(new), skipped=len(due) - len(new))


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
