"""Heartbeats of the scheduled jobs, the 26-hour sweep alarm, and the committee's 系统状态 page."""

import logging
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fuzhou_lle.celery import app as celery_app
from fuzhou_lle.ops.jobs import HEARTBEAT, SWEEP, sweep_health
from fuzhou_lle.ops.models import JobRun
from fuzhou_lle.ops.tasks import heartbeat_task
from fuzhou_lle.reminders.models import DigestDelivery

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def run(name, *, created_hours_ago, succeeded_hours_ago=None):
    job = JobRun.objects.create(
        name=name,
        last_succeeded_at=hours_ago(succeeded_hours_ago) if succeeded_hours_ago is not None else None,
    )
    JobRun.objects.filter(pk=job.pk).update(created_at=hours_ago(created_hours_ago))


def test_the_scheduled_sweep_records_its_run(reference_units):
    celery_app.autodiscover_tasks(force=True)
    celery_app.tasks[settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]["task"]].apply()
    sweep = JobRun.objects.get(name=SWEEP)
    assert sweep.last_started_at <= sweep.last_succeeded_at
    assert not sweep_health().stale


def test_a_failing_scheduled_job_records_its_error(monkeypatch):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("fuzhou_lle.ops.tasks.backup_run", broken)
    celery_app.tasks["fuzhou_lle.ops.tasks.backup_nightly_task"].apply(throw=False)
    job = JobRun.objects.get(name="backup-nightly")
    assert job.last_error == "OSError: disk full"
    assert job.last_succeeded_at is None and job.last_failed_at is not None


@pytest.mark.parametrize(
    ("sweep_hours", "heartbeat_created_hours", "stale"),
    [
        (25, 100, False),
        (27, 100, True),
        (None, 1, False),  # fresh installation: beat started an hour ago, first sweep at 08:00
        (None, 27, True),  # beat has run for a day and more, the sweep never
        (None, None, True),  # nothing scheduled has ever run: beat is not running
    ],
)
def test_sweep_is_stale_after_26_hours_without_success(sweep_hours, heartbeat_created_hours, stale):
    if sweep_hours is not None:
        run(SWEEP, created_hours_ago=200, succeeded_hours_ago=sweep_hours)
    if heartbeat_created_hours is not None:
        run(HEARTBEAT, created_hours_ago=heartbeat_created_hours, succeeded_hours_ago=0)
    assert sweep_health().stale is stale


def test_heartbeat_logs_an_error_when_the_sweep_is_stale(caplog):
    run(SWEEP, created_hours_ago=200, succeeded_hours_ago=30)
    caplog.set_level(logging.INFO)
    assert heartbeat_task.apply().get() == "sweep stale"
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "reminder sweep has not succeeded for 26 hours" in error.getMessage()
    assert JobRun.objects.get(name=HEARTBEAT).last_succeeded_at is not None


def test_heartbeat_is_quiet_when_the_sweep_ran(caplog):
    run(SWEEP, created_hours_ago=200, succeeded_hours_ago=2)
    assert heartbeat_task.apply().get() == "ok"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


class TestSystemPage:
    url = "/system/"

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("persona", ["unit_user", "district_user", "reviewer_user"])
    def test_only_the_committee_may_see_it(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url).status_code == 404

    def test_committee_sees_sweep_backup_queue_and_failed_mail(self, client, committee_user, settings):
        run(SWEEP, created_hours_ago=200, succeeded_hours_ago=3)
        run(HEARTBEAT, created_hours_ago=200, succeeded_hours_ago=0)
        settings.BACKUP_DIR.mkdir(parents=True)
        (settings.BACKUP_DIR / "lle-backup-20261129-023000.tar").write_bytes(b"x" * 2048)
        DigestDelivery.objects.create(
            recipient=committee_user,
            date=date(2026, 11, 28),
            status=DigestDelivery.Status.FAILED,
            last_error="SMTP 550 邮箱不存在",
        )
        client.force_login(committee_user)
        response = client.get(self.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "系统状态" in html
        assert 'id="sweep-stale"' not in html
        assert "lle-backup-20261129-023000.tar · 2.0" in html
        assert "SMTP 550 邮箱不存在" in html
        assert response.context["status"].failed_mail == 1
        if settings.CELERY_TASK_ALWAYS_EAGER:
            assert "任务在网页进程内直接执行" in html
        else:
            # This worker's own Redis database (tests/isolation.py): what is queued is exactly what this
            # test queued.
            celery_app.control.purge()
            for _ in range(3):
                celery_app.send_task("fuzhou_lle.ops.tasks.heartbeat_task")
            try:
                assert client.get(self.url).context["status"].queue_length == 3
            finally:
                celery_app.control.purge()
        assert "no-cache" in response["Cache-Control"]

    def test_stale_sweep_is_an_error_on_the_page_and_in_the_log(self, client, committee_user, caplog):
        run(SWEEP, created_hours_ago=200, succeeded_hours_ago=27)
        client.force_login(committee_user)
        html = client.get(self.url).content.decode()
        assert 'id="sweep-stale"' in html
        assert "提醒扫描已超过 26 小时未成功运行" in html
        assert any(r.levelno == logging.ERROR and "reminder sweep" in r.getMessage() for r in caplog.records)

    def test_unreachable_broker_is_shown_not_a_crash(self, client, committee_user, settings, monkeypatch):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        monkeypatch.setattr("fuzhou_lle.ops.status.queue_length", lambda: None)
        client.force_login(committee_user)
        assert "无法连接任务队列" in client.get(self.url).content.decode()

    def test_my_work_links_it_for_the_committee_only(self, client, committee_user, unit_user):
        client.force_login(committee_user)
        assert 'href="/system/"' in client.get(reverse("my_work")).content.decode()
        client.force_login(unit_user)
        assert 'href="/system/"' not in client.get(reverse("my_work")).content.decode()
