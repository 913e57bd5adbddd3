"""Production smoke test: the portal as it runs on a server, against PostgreSQL and Redis.

Run by `make smoke` (and CI after `make test`) with DATABASE_URL and REDIS_URL set. It makes its own database
(<name>_smoke), its own folders, and its own throwaway redis-server for the outage test; it never stops the
shared services. Production settings throughout: DEBUG off, secure-settings checks on, HTTPS off for loopback.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_client import Browser  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTICE = ROOT / "tasks" / "data" / "2015-fuzhou-lifelong-education-workplan.txt"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
USERNAME, PASSWORD = "smoke_liaison", secrets.token_urlsafe(16)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL),
    reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def with_host(url, port):
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    return urlunsplit(
        parts._replace(netloc=f"{credentials}@127.0.0.1:{port}" if credentials else f"127.0.0.1:{port}")
    )


def manage(env, *args):
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A migrated production database with the 2015 plan imported and one unit liaison; the environment."""
    folder = tmp_path_factory.mktemp("production")
    name = urlsplit(DATABASE_URL).path.lstrip("/") + "_smoke"
    admin = psycopg2.connect(with_database(DATABASE_URL, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))},
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "DJANGO_ENV_FILE": str(folder / "no.env"),  # a developer's .env must not leak in
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": with_database(DATABASE_URL, name),
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(folder / "shared" / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "shared" / "private"),
        "STATIC_ROOT": str(folder / "static"),
        "BACKUP_DIR": str(folder / "backups"),
        "BEAT_SCHEDULE_FILE": str(folder / "celerybeat-schedule"),
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "2",
        "WORKER_CONCURRENCY": "1",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "setup_portal")
    manage(env, "collectstatic", "--noinput")
    manage(env, "import_workplan", str(NOTICE))
    task_id = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group\n"
        "from fuzhou_lle.models import Role, User\n"
        "from tasks.models import TaskUnit, WorkPlan\n"
        "from tasks.services import workplan_publish\n"
        # An imported plan is a draft until published (here by the system, through the service).
        "workplan_publish(plan=WorkPlan.objects.get(), user=None)\n"
        "link = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).order_by('task_id').first()\n"
        f"user = User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, unit=link.unit)\n"
        "user.groups.add(Group.objects.get(name=Role.UNIT))\n"
        "print(link.task_id)",
    ).split()[-1]
    env["SMOKE_TASK_ID"] = task_id
    yield env
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def wait_ready(base_url, *, expect=200, seconds=60):
    browser = Browser(base_url)
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = browser.get("/readyz", timeout=10)
            if last.status == expect:
                return last
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise AssertionError(f"/readyz never answered {expect}: {getattr(last, 'text', last)}")


@contextmanager
def running(command, env):
    """A process group started for the test and stopped with SIGTERM (as systemd and honcho stop them)."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def gunicorn(env, port):
    return running(
        [str(BIN / "gunicorn"), "fuzhou_lle.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env
    )


def report_with_evidence(browser, task_id, content):
    """File a progress report with one PDF as the liaison does; returns the evidence download path."""
    path = f"/plan/tasks/{task_id}/report/"
    response = browser.post(
        path,
        {"kind": "progress", "text": "冒烟测试进展", "percent": "10"},
        files={"files": ("会议纪要.pdf", content, "application/pdf")},
    )
    assert response.status == 302, response.text[:2000]
    page = browser.get(response.headers["Location"])
    return re.search(r'href="(/plan/evidence/\d+/)"', page.text).group(1)


def test_procfile_stack_serves_imports_sweeps_through_the_worker_and_stops_cleanly(production):
    port = free_port()
    with running([str(BIN / "honcho"), "start", "-f", "Procfile", "-p", str(port)], production) as honcho:
        base = f"http://127.0.0.1:{port}"
        body = wait_ready(base).json()
        assert body["status"] == "ok" and set(body["checks"]) == {"database", "cache", "broker", "migrations"}
        assert Browser(base).get("/healthz").json() == {"status": "ok"}

        browser = Browser(base)
        browser.login(USERNAME, PASSWORD)
        plan = browser.get("/plan/")
        assert plan.status == 200 and "2015" in plan.text
        evidence = report_with_evidence(browser, production["SMOKE_TASK_ID"], PDF)
        download = browser.get(evidence)
        assert download.status == 200 and download.body == PDF
        assert download.headers["Cache-Control"] == "private, no-store"
        assert Browser(base).get(evidence).status == 302  # anonymous: to the login page

        # The reminder sweep, queued like beat queues it, run by the worker, recorded by its heartbeat.
        manage(
            production,
            "shell",
            "-c",
            "from django.conf import settings\n"
            "from fuzhou_lle.celery import app\n"
            "app.send_task(settings.CELERY_BEAT_SCHEDULE['reminders-sweep']['task'])",
        )
        dsn = production["DATABASE_URL"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
                cursor.execute("SELECT last_succeeded_at FROM ops_jobrun WHERE name = 'reminders-sweep'")
                row = cursor.fetchone()
            if row and row[0]:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the worker did not run the reminder sweep within 60 s")
        assert honcho.poll() is None  # web, worker and beat all still up

        os.killpg(honcho.pid, signal.SIGTERM)
        assert honcho.wait(timeout=40) in {0, -signal.SIGTERM, 128 + signal.SIGTERM}
    with pytest.raises(OSError):
        Browser(f"http://127.0.0.1:{port}").get("/healthz", timeout=2)


def test_two_web_servers_each_serve_a_file_the_other_received(production):
    port_a, port_b = free_port(), free_port()
    with gunicorn(production, port_a), gunicorn(production, port_b):
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        wait_ready(a), wait_ready(b)
        on_a = Browser(a)
        on_a.login(USERNAME, PASSWORD)
        on_b = Browser(b, cookies=on_a.cookies)  # the session lives in Redis and the database: both know it
        first, second = PDF + b"% received by A\n", PDF + b"% received by B\n"
        from_a = report_with_evidence(on_a, production["SMOKE_TASK_ID"], first)
        from_b = report_with_evidence(on_b, production["SMOKE_TASK_ID"], second)
        assert on_b.get(from_a).body == first
        assert on_a.get(from_b).body == second


class TcpProxy:
    """A loopback port forwarding to PostgreSQL, to cut and restore the database's reachability."""

    def __init__(self, target_port):
        self.target_port, self.port = target_port, free_port()
        self.listener, self.connections = None, []

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        # shutdown() first: close() alone leaves a listener blocked in accept() still listening on Linux.
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for conn in self.connections:
            conn.close()
        self.connections.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.connections += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def throwaway_redis(port):
    return running(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        {"PATH": os.environ["PATH"]},
    )


def test_readyz_turns_red_without_postgresql_or_redis_and_green_after(production):
    pg_port = urlsplit(DATABASE_URL).port or 5432
    proxy, redis_port, web_port = TcpProxy(pg_port), free_port(), free_port()
    env = {
        **production,
        "DATABASE_URL": with_host(production["DATABASE_URL"], proxy.port),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
    }
    base = f"http://127.0.0.1:{web_port}"
    proxy.start()
    try:
        with gunicorn(env, web_port):
            with throwaway_redis(redis_port):
                wait_ready(base)
            red = wait_ready(base, expect=503).json()
            assert not red["checks"]["cache"]["ok"] and not red["checks"]["broker"]["ok"]
            assert red["checks"]["database"]["ok"]
            with throwaway_redis(redis_port):
                wait_ready(base)
                proxy.stop()
                red = wait_ready(base, expect=503).json()
                assert not red["checks"]["database"]["ok"] and red["checks"]["cache"]["ok"]
                proxy.start()
                wait_ready(base)
    finally:
        proxy.stop()
