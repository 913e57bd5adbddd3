"""The reminder sweep with a fixed clock, over the test rule `test_deadline` (tests/core/conftest.py)."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fuzhou_lle.accounts.models import User
from fuzhou_lle.celery import app as celery_app
from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog
from fuzhou_lle.reminders.sweep import reminders_due, reminders_sweep
from fuzhou_lle.reminders.tasks import digest_send, reminders_sweep_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

DUE = date(2026, 12, 10)


def sweep(today, capture):
    """A sweep whose after-commit work (queueing the digests) runs, as it does outside a test transaction."""
    with capture(execute=True):
        return reminders_sweep(today=today)


@pytest.mark.parametrize(
    ("today", "step"),
    [
        (date(2026, 12, 2), None),
        (date(2026, 12, 3), "7"),
        (date(2026, 12, 6), "7"),
        (date(2026, 12, 7), "3"),
        (date(2026, 12, 9), "1"),
        (date(2026, 12, 10), "1"),
        (date(2026, 12, 11), "overdue-2026-W50"),
        (date(2027, 1, 7), "overdue-2027-W01"),
        (date(2027, 1, 8), None),  # 29 days overdue: stale
    ],
)
def test_rules_say_the_step_for_the_day(deadlines, gulou, unit_user, today, step):
    deadlines[gulou] = (DUE, [unit_user])
    assert [reminder.step for reminder in reminders_due(today=today)] == ([step] if step else [])


class TestSweep:
    def test_records_each_reminder_and_notifies_in_app(
        self, deadlines, gulou, unit_user, other_unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user, other_unit_user])
        result = sweep(date(2026, 12, 7), django_capture_on_commit_callbacks)
        assert (result.sent, result.skipped) == (2, 0)
        log = ReminderLog.objects.get(recipient=unit_user)
        assert (log.rule, log.target, log.due_on, log.step) == ("test_deadline", gulou, DUE, "3")
        assert log.notification.recipient == unit_user
        assert log.notification.message == "鼓楼区的测试事项将于12月10日截止"
        assert log.notification.url == f"/test/district/{gulou.pk}/"

    def test_second_sweep_the_same_day_sends_nothing(
        self, deadlines, gulou, unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user])
        sweep(date(2026, 12, 7), django_capture_on_commit_callbacks)
        result = sweep(date(2026, 12, 7), django_capture_on_commit_callbacks)
        assert (result.sent, result.skipped) == (0, 1)
        assert ReminderLog.objects.count() == 1
        assert Notification.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_outage_sends_the_current_step_once_and_nothing_stale(
        self, deadlines, gulou, taijiang, unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user])  # the sweeps of 3–7 December never ran
        deadlines[taijiang] = (date(2026, 11, 1), [unit_user])  # 37 days overdue by 8 December
        result = sweep(date(2026, 12, 8), django_capture_on_commit_callbacks)
        assert (result.sent, result.skipped) == (1, 0)
        assert list(ReminderLog.objects.values_list("target_id", "step")) == [(gulou.pk, "3")]
        assert sweep(date(2026, 12, 9), django_capture_on_commit_callbacks).sent == 1  # step "1"

    def test_overdue_is_reminded_once_a_week(
        self, deadlines, gulou, unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user])
        sent = [sweep(date(2026, 12, day), django_capture_on_commit_callbacks).sent for day in range(11, 22)]
        # 11–13 December are week 50, 14–20 week 51, 21 week 52.
        assert sent == [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]

    def test_dry_run_counts_and_writes_nothing(self, deadlines, gulou, unit_user, other_unit_user):
        deadlines[gulou] = (DUE, [unit_user, other_unit_user])
        reminders_sweep(today=date(2026, 12, 7))
        deadlines[gulou] = (
            DUE,
            [unit_user, other_unit_user, User.objects.create(username="new", email="n@x.cn")],
        )
        result = reminders_sweep(today=date(2026, 12, 7), dry_run=True)
        assert (result.sent, result.skipped) == (1, 2)
        assert ReminderLog.objects.count() == 2
        assert Notification.objects.count() == 2

    def test_a_failing_rule_is_logged_and_the_others_still_run(
        self, deadlines, gulou, unit_user, caplog, django_capture_on_commit_callbacks
    ):
        from fuzhou_lle.reminders.rules import RULES, register

        @register
        def broken_rule(today):
            raise ZeroDivisionError

        try:
            deadlines[gulou] = (DUE, [unit_user])
            assert sweep(date(2026, 12, 7), django_capture_on_commit_callbacks).sent == 1
        finally:
            del RULES["broken_rule"]
        assert "reminder rule broken_rule failed" in caplog.text


class TestCommand:
    def test_prints_sent_then_skipped(self, deadlines, gulou, unit_user, capsys):
        deadlines[gulou] = (DUE, [unit_user])
        call_command("send_reminders", "--today", "2026-12-07")
        call_command("send_reminders", "--today", "2026-12-07")
        lines = capsys.readouterr().out.splitlines()
        assert lines[-2:] == ["sent 1, skipped 0", "sent 0, skipped 1"]

    def test_dry_run_writes_nothing(self, deadlines, gulou, unit_user, capsys):
        deadlines[gulou] = (DUE, [unit_user])
        call_command("send_reminders", "--today", "2026-12-07", "--dry-run")
        assert capsys.readouterr().out.splitlines()[-1] == "sent 1, skipped 0"
        assert not ReminderLog.objects.exists()

    def test_bad_date_is_refused_in_chinese(self):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
            call_command("send_reminders", "--today", "12/07/2026")


class TestDigest:
    def test_one_email_with_every_reminder_sorted_by_due_date_and_linked(
        self, deadlines, gulou, taijiang, unit_user, django_capture_on_commit_callbacks, settings
    ):
        settings.PORTAL_BASE_URL = "https://lle.example.gov.cn"
        deadlines[gulou] = (DUE, [unit_user])
        deadlines[taijiang] = (date(2026, 12, 8), [unit_user])
        sweep(date(2026, 12, 7), django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1
        email = mail.outbox[0]
        assert email.to == [unit_user.email]
        assert email.subject == "【福州市终身教育】12月7日 待办提醒（2 项）"
        assert email.body.index("台江区的测试事项") < email.body.index("鼓楼区的测试事项")
        assert f"https://lle.example.gov.cn/test/district/{gulou.pk}/" in email.body
        html = email.alternatives[0][0]
        assert f'<a href="https://lle.example.gov.cn/test/district/{taijiang.pk}/">' in html
        digest = DigestDelivery.objects.get()
        assert (digest.status, digest.attempts, digest.date) == ("sent", 1, date(2026, 12, 7))
        assert ReminderLog.objects.filter(sent_at=digest.sent_at).count() == 2

    def test_no_email_when_nothing_is_due(
        self, deadlines, gulou, unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user])
        sweep(date(2026, 11, 30), django_capture_on_commit_callbacks)
        assert mail.outbox == []
        assert not DigestDelivery.objects.exists()

    def test_a_later_reminder_the_same_day_waits_for_the_next_days_email(
        self, deadlines, gulou, taijiang, unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user])
        sweep(date(2026, 12, 7), django_capture_on_commit_callbacks)
        deadlines[taijiang] = (date(2026, 12, 9), [unit_user])
        assert sweep(date(2026, 12, 7), django_capture_on_commit_callbacks).sent == 1
        assert len(mail.outbox) == 1
        assert Notification.objects.filter(recipient=unit_user).count() == 2  # in-app at once
        sweep(date(2026, 12, 8), django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 2
        assert "台江区的测试事项" in mail.outbox[1].body
        assert "鼓楼区" not in mail.outbox[1].body

    def test_in_app_only_gets_no_email(self, deadlines, gulou, unit_user, django_capture_on_commit_callbacks):
        unit_user.reminder_channel = User.ReminderChannel.IN_APP
        unit_user.save()
        deadlines[gulou] = (DUE, [unit_user])
        assert sweep(date(2026, 12, 7), django_capture_on_commit_callbacks).sent == 1
        assert mail.outbox == []
        assert not DigestDelivery.objects.exists()
        assert Notification.objects.filter(recipient=unit_user).count() == 1

    def test_smtp_failure_is_retried_recorded_and_sent_by_a_later_sweep(
        self, deadlines, gulou, unit_user, django_capture_on_commit_callbacks, settings, caplog, monkeypatch
    ):
        settings.EMAIL_BACKEND = "tests.core.failing_mail.FailingEmailBackend"
        deadlines[gulou] = (DUE, [unit_user])
        assert sweep(date(2026, 12, 7), django_capture_on_commit_callbacks).sent == 1
        digest = DigestDelivery.objects.get()
        assert (digest.status, digest.attempts) == ("failed", 1)
        assert "SMTPServerDisconnected" in digest.last_error
        assert "reminder digest for user" in caplog.text

        # What a worker does with the task: retry five times (inline here, so without the backoff waits).
        monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
        result = digest_send.apply(args=(unit_user.pk, "2026-12-07"))
        assert result.state == "FAILURE"
        digest.refresh_from_db()
        assert (digest.status, digest.attempts) == ("failed", 7)

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert sweep(date(2026, 12, 8), django_capture_on_commit_callbacks).sent == 0
        digest.refresh_from_db()
        assert (digest.status, digest.attempts, digest.last_error) == ("sent", 8, "")
        assert len(mail.outbox) == 1
        assert "鼓楼区的测试事项" in mail.outbox[0].body

    def test_a_sent_digest_is_not_sent_again(
        self, deadlines, gulou, unit_user, django_capture_on_commit_callbacks
    ):
        deadlines[gulou] = (DUE, [unit_user])
        sweep(date(2026, 12, 7), django_capture_on_commit_callbacks)
        digest_send.apply(args=(unit_user.pk, "2026-12-07"))  # a duplicated or retried task
        assert len(mail.outbox) == 1
        assert DigestDelivery.objects.get().attempts == 1


class TestCelery:
    def test_beat_runs_the_sweep_daily_at_the_reminder_hour_in_shanghai(self, settings):
        entry = celery_app.conf.beat_schedule["reminders-sweep"]
        assert entry["task"] in celery_app.tasks
        assert (entry["schedule"].hour, entry["schedule"].minute) == ({settings.REMINDER_HOUR}, {0})
        assert str(celery_app.timezone) == "Asia/Shanghai"

    def test_sweep_task_takes_today_in_shanghai(self, deadlines, gulou, unit_user, monkeypatch):
        # 16:30 on 6 December in UTC is already 00:30 on 7 December in Fuzhou: 3 days left, not 4.
        monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 6, 16, 30, tzinfo=UTC))
        deadlines[gulou] = (DUE, [unit_user])
        assert reminders_sweep_task.apply().get() == "sent 1, skipped 0"
        assert ReminderLog.objects.get().step == "3"
