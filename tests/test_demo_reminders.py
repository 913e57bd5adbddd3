"""The issue's acceptance check across every app's rules: on the demo, the daily sweep run twice sends
each reminder once."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fuzhou_lle.reminders.models import Notification, ReminderLog


def _counts(out):
    return tuple(
        int(n) for n in re.fullmatch(r"sent (\d+), skipped (\d+)", out.strip().splitlines()[-1]).groups()
    )


@pytest.mark.django_db
def test_send_reminders_twice_on_the_demo_sends_nothing_the_second_time(
    celery_eager, mailoutbox, django_capture_on_commit_callbacks
):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    today = timezone.localdate().isoformat()

    first = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # digests are queued once the sweep commits
        call_command("send_reminders", "--today", today, stdout=first)
    sent, skipped = _counts(first.getvalue())
    assert sent > 0 and skipped == 0
    rules = set(ReminderLog.objects.values_list("rule", flat=True))
    assert {"milestone_due_soon", "milestone_overdue"} <= rules  # the demo's rounds close in 20 days
    assert Notification.objects.count() == sent
    recipients = set(ReminderLog.objects.values_list("recipient__email", flat=True))
    assert sorted(m.to[0] for m in mailoutbox) == sorted(recipients)  # one digest each

    second = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", today, stdout=second)
    assert _counts(second.getvalue()) == (0, sent)
    assert ReminderLog.objects.count() == sent
    assert len(mailoutbox) == len(recipients)
