"""Delivery against the real moving parts: two sweeps at once on PostgreSQL, a broker that does not
answer, and a real Celery worker on the real Redis. Each skips where its part is missing (SQLite, no
REDIS_URL); CI has PostgreSQL and Redis."""

import email
import email.policy
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from fuzhou_lle.accounts.models import User
from fuzhou_lle.celery import app as celery_app
from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog
from fuzhou_lle.reminders.rules import RULES, register
from fuzhou_lle.reminders.sweep import reminders_sweep
from fuzhou_lle.units.models import District
from tests.factories import UserFactory

DUE = date(2026, 12, 10)
TODAY = date(2026, 12, 7)
DEAD_BROKER = "redis://127.0.0.1:6399/0"  # nothing listens there

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has no concurrent writers",
)


def redis_reachable():
    try:
        return bool(settings.REDIS_URL) and redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@needs_postgresql
@pytest.mark.usefixtures("celery_eager")
def test_two_sweeps_at_the_same_moment_record_and_send_each_reminder_once(deadlines, transactional_db):
    from fuzhou_lle.units.services import reference_units_ensure

    reference_units_ensure()
    users = [UserFactory() for _ in range(6)]
    for user in users[::2]:
        user.reminder_channel = User.ReminderChannel.IN_APP
        user.save()
    for district in District.objects.all()[:5]:
        deadlines[district] = (DUE, users)
    both_computed = threading.Barrier(2)

    @register
    def rendezvous(today):
        """Holds each sweep until both have run their rules, so both then insert the same rows."""
        both_computed.wait(timeout=20)
        return []

    results = []

    def run():
        try:
            results.append(reminders_sweep(today=TODAY))
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        del RULES["rendezvous"]

    assert sorted((result.sent, result.skipped) for result in results) == [(0, 30), (30, 0)]
    assert ReminderLog.objects.count() == 30
    assert Notification.objects.count() == 30
    assert DigestDelivery.objects.filter(status="sent").count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in users[1::2])


@contextmanager
def broker_at(url, monkeypatch):
    """Point the Celery app at another broker for a while, with tasks queued rather than run inline."""
    with monkeypatch.context() as patch:
        patch.setitem(celery_app.conf, "broker_url", url)
        patch.setitem(celery_app.conf, "task_always_eager", False)
        patch.setattr(celery_app, "_pool", None)  # connections are pooled per app: start afresh
        patch.setattr(celery_app.amqp, "_producer_pool", None)
        yield


@pytest.mark.usefixtures("celery_eager")
def test_a_dead_broker_fails_fast_breaks_no_page_and_the_next_sweep_sends(
    deadlines, unit_user, other_unit_user, client, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    deadlines[District.objects.get(name="鼓楼区")] = (DUE, [unit_user, other_unit_user])
    client.force_login(unit_user)
    with broker_at(DEAD_BROKER, monkeypatch):
        for name in ("home", "notifications", "my_deadlines", "reminder_preference"):
            assert client.get(reverse(name)).status_code == 200
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            result = reminders_sweep(today=TODAY)
        took = time.monotonic() - started
    assert took < 5
    assert result.sent == 2
    # gave up at the first
    assert caplog.text.count("could not queue fuzhou_lle.reminders.tasks.digest_send") == 1
    assert "6399" in caplog.text
    assert Notification.objects.filter(recipient=unit_user).count() == 1  # in-app did not wait for it
    assert list(DigestDelivery.objects.values_list("status", "attempts")) == [("pending", 0)] * 2
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(today=date(2026, 12, 8)).sent == 0  # the broker is back (inline here)
    assert list(DigestDelivery.objects.values_list("status", flat=True)) == ["sent"] * 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [unit_user.email, other_unit_user.email]
    )
    assert "鼓楼区的测试事项" in mail.outbox[0].body


def _worker_env(mail_dir):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_FILE_PATH": str(mail_dir),
        "PYTHONPATH": str(settings.BASE_DIR),
    }


def _wait_for(found, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := found():
            return result
        time.sleep(0.5)
    return None


@needs_postgresql
@pytest.mark.skipif(not redis_reachable(), reason="needs a reachable Redis in REDIS_URL")
def test_a_real_worker_on_redis_sends_the_digest(deadlines, transactional_db, tmp_path):
    from fuzhou_lle.units.services import reference_units_ensure

    reference_units_ensure()
    user = UserFactory(email="liaison@example.gov.cn")
    deadlines[District.objects.get(name="鼓楼区")] = (DUE, [user])
    celery_app.control.purge()  # nothing left over from earlier runs on this Redis database
    reminders_sweep(today=TODAY)  # commits, then queues the digest on Redis
    assert DigestDelivery.objects.get().status == "pending"

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fuzhou_lle", "worker", "--pool=solo", "--loglevel=INFO"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR,
        env=_worker_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        written = _wait_for(lambda: sorted(Path(tmp_path).glob("*.log")), seconds=90)
        sent = _wait_for(lambda: DigestDelivery.objects.filter(status="sent").exists(), seconds=10)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert written, f"the worker sent no email; its log:\n{output}"
    assert sent
    message = email.message_from_bytes(written[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "liaison@example.gov.cn"
    assert message["Subject"].strip() == "【福州市终身教育】12月7日 待办提醒（1 项）"
    assert "鼓楼区的测试事项将于12月10日截止" in message.get_body(("plain",)).get_content()
