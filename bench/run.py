"""`make bench`: the portal at city scale on PostgreSQL, measured. Prints figures; asserts nothing.

1. Its own database (BENCH_DATABASE_URL, default lle_bench): migrated and filled once with
   `seed_bulk` (BENCH_FRESH=1 starts again from an empty database).
2. gunicorn with 2 sync workers on 127.0.0.1 (Redis at BENCH_REDIS_URL for the page cache); wrk at 8
   connections runs the minimal Django view and then each page, round after round, so both see the same
   machine load; the ratio is page ÷ minimal view, the median of the rounds.
3. In this process, through Django's test client: each page's server time for one user and its queries,
   rendered afresh (the public page cache made stale first); search recall; the reminder sweep over every
   milestone; the ledger export.
Writes bench/results.json; the README shows the table.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lle_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SIZES = {
    "offerings": int(os.environ.get("BENCH_OFFERINGS", 100_000)),
    "tasks": int(os.environ.get("BENCH_TASKS", 1_000)),
    "nominations": int(os.environ.get("BENCH_NOMINATIONS", 5_000)),
}
SECONDS = int(os.environ.get("BENCH_SECONDS", 4))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
RENDERS = int(os.environ.get("BENCH_RENDERS", 20))
PORT = int(os.environ.get("BENCH_PORT", 8765))
BASE = f"http://127.0.0.1:{PORT}"
# One- to four-character keywords: common characters, the commonest two-character words, place names and
# name fragments (which word segmentation misses), longer words that need the recheck.
SEARCHES = [
    "拳",
    "书",
    "茶",
    "舞",
    "太极",
    "书法",
    "鼓楼",
    "伟英",
    "濂江",
    "温泉",
    "太极拳",
    "智能手",
    "太极拳入",
    "温泉街道",
]
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECRET_KEY": "bench-only-7d1c5e9a3b8f2d6c0a4e7b1f5c9d3a8e2b6f0c4d",
    "DJANGO_LOG_LEVEL": "WARNING",
}


def manage(*args, **env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env={**os.environ, **env})


def database_prepare():
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        if os.environ.get("BENCH_FRESH"):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = {"DATABASE_URL": DATABASE_URL, "REDIS_URL": "", "DJANGO_DEBUG": "1"}
    manage("migrate", "--noinput", "-v0", **env)
    # gunicorn runs with DEBUG off, so static files come from the collected, hashed copies.
    manage("collectstatic", "--noinput", "-v0", **env)
    with psycopg2.connect(DATABASE_URL) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM fuzhou_lle_user WHERE username LIKE 'bulk\\_%%'")
        seeded = cursor.fetchone()[0] > 0
    if not seeded:
        started = time.perf_counter()
        args = [f"--{name}={size}" for name, size in SIZES.items()]
        manage("seed_bulk", *args, **env)
        print(f"seed_bulk: {time.perf_counter() - started:.0f} s", flush=True)
    with psycopg2.connect(DATABASE_URL) as connection:
        connection.autocommit = True
        connection.cursor().execute("ANALYZE")


def django_setup():
    # In this process tasks run inline and the cache is local: the figures taken here are one user's.
    os.environ.update({**SERVER_ENV, "REDIS_URL": "", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # As the web process is (fuzhou_lle/wsgi.py): the one-user times are the server's.
    from fuzhou_lle.wsgi import gc_tune

    gc_tune()


def pages():
    """(label, path, signed in as committee?) for every page of the issue's table."""
    from brands.models import Round
    from courses.models import Offering, TeachingPoint
    from courses.pagination import cursor_for
    from tasks.models import WorkPlan

    public = Offering.objects.public()
    offering = public.order_by("pk").first()
    point = TeachingPoint.objects.filter(offerings__in=public).order_by("pk").first()
    deep = public.order_by("weekday", "start_time", "id")[public.count() // 2]
    year = WorkPlan.objects.latest("year").year
    bulk_round = Round.objects.filter(batch="批量第1批").get()
    return [
        ("minimal view", "/bench/minimal/", False),
        ("home /", "/", False),
        ("guide /courses/", "/courses/", False),
        ("guide ?q=太极", "/courses/?q=" + quote("太极"), False),
        ("guide ?q=拳 (one character)", "/courses/?q=" + quote("拳"), False),
        ("guide district + weekday", "/courses/?district=gulou&weekday=2", False),
        ("guide deep page", "/courses/?after=" + cursor_for(deep, ["weekday", "start_time", "id"]), False),
        ("offering page", offering.get_absolute_url(), False),
        ("teaching point page", point.get_absolute_url(), False),
        ("brand registry", "/brands/", False),
        ("/plan/ overview", f"/plan/?year={year}", False),
        ("task list", f"/plan/tasks/?year={year}", True),
        ("dashboard", f"/plan/dashboard/?year={year}", True),
        ("my work (committee)", "/my/", True),
        (f"round page ({bulk_round.nominations.count()} nominations)", bulk_round.get_absolute_url(), True),
        ("ranking", f"{bulk_round.get_absolute_url()}ranking/", True),
        ("ledger .xlsx", f"/plan/ledger.xlsx?year={year}", True),
    ]


def committee_cookie():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fuzhou_lle.accounts.models import User
    from fuzhou_lle.accounts.otp import DEVICE_NAME

    committee = User.objects.get(username="committee")
    client = Client()
    client.force_login(committee)
    # Staff pages need the second factor: mark the session as past it, as a sign-in with a code would.
    device, _created = TOTPDevice.objects.get_or_create(
        user=committee, name=DEVICE_NAME, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, f"sessionid={client.cookies['sessionid'].value}"


def one_user(pages_, staff_client):
    """Server time (median and 95th percentile of RENDERS, rendered afresh) and queries of each page, in
    this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fuzhou_lle.web import public_cache

    anonymous = Client()
    found = {}
    for label, path, staff in pages_:
        client = staff_client if staff else anonymous
        timings = []
        for _ in range(RENDERS + 1):
            public_cache.bump()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        timings = timings[1:]  # the first loads templates and warms the connection
        found[label] = {
            "server_ms": round(statistics.median(timings), 1),
            "server_p95_ms": round(statistics.quantiles(timings, n=20)[-1], 1),
            "queries": len(queries),
        }
    return found


def drain():
    """Wait until the workers have finished what the last run left queued (wrk stops sending, gunicorn
    goes on answering), so that no run inherits the previous one's backlog."""
    import urllib.request

    for _ in range(100):
        started = time.perf_counter()
        urllib.request.urlopen(f"{BASE}/bench/minimal/", timeout=30).read()
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.2)


def wrk(path, *, cookie=None, script="report.lua", connections=8, extra_env=None, seconds=SECONDS):
    drain()
    # A generous timeout: slow pages are measured, not counted as socket errors.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(ROOT / "bench" / script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, BASE + path],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(extra_env or {})},
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration, p50, p95, bad, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration / 1e6),
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "non_2xx": bad,
        "socket_errors": errors,
    }


def gunicorn():
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "fuzhou_lle.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/bench/minimal/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def throughput(pages_, cookie):
    """Rounds of minimal view then page, for every page; medians over the rounds."""
    runs = {label: [] for label, _path, _staff in pages_}
    # Each worker's first requests load templates and fill the page cache: not what is measured.
    for _label, path, staff in pages_:
        wrk(path, cookie=cookie if staff else None, seconds=1)
    for round_ in range(ROUNDS):
        for label, path, staff in pages_[1:]:
            minimal = wrk("/bench/minimal/")
            page = wrk(path, cookie=cookie if staff else None)
            runs["minimal view"].append(minimal)
            runs[label].append({**page, "ratio": page["rps"] / minimal["rps"]})
        print(f"round {round_ + 1} of {ROUNDS} done", flush=True)
    summary = {}
    for label, results in runs.items():
        summary[label] = {
            key: round(statistics.median(r[key] for r in results), 3 if key == "ratio" else 1)
            for key in results[0]
        }
    return summary


def search_under_load():
    """p95 at 8 users over the mix: served from the page cache as visitors would be, and rendered afresh
    each time (a unique parameter defeats the cache)."""
    from courses.models import Offering

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as paths:
        paths.write("\n".join("/courses/?q=" + quote(q) for q in SEARCHES) + "\n")
    wrk("/", script="mix.lua", extra_env={"BENCH_PATHS": paths.name}, seconds=2)  # fills the page cache
    cached = wrk("/", script="mix.lua", extra_env={"BENCH_PATHS": paths.name})
    fresh = wrk("/", script="mix.lua", extra_env={"BENCH_PATHS": paths.name, "BENCH_BUST": "1"})
    os.unlink(paths.name)
    public = Offering.objects.public()
    recall = {}
    for word in SEARCHES:
        expected = set(public.containing(word).values_list("pk", flat=True))
        found = set(public.search(word).values_list("pk", flat=True))
        recall[word] = {
            "expected": len(expected),
            "found": len(expected & found),
            "extra": len(found - expected),
        }
    return {"cached": cached, "uncached": fresh, "recall": recall}


def sweep():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog
    from fuzhou_lle.reminders.sweep import reminders_sweep
    from tasks.models import Milestone

    ReminderLog.objects.all().delete()
    Notification.objects.all().delete()
    DigestDelivery.objects.all().delete()
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(EMAIL_BACKEND=locmem), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = reminders_sweep(today=timezone.localdate())
        seconds = time.perf_counter() - started
    return {
        "milestones": Milestone.objects.count(),
        "reminders": result.sent,
        "digests": DigestDelivery.objects.count(),
        "seconds": round(seconds, 2),
        "queries": len(queries),
    }


def export_jobs():
    """The ledger and the whole ranking written as background jobs (as a worker would), timed."""
    from django.utils import timezone

    from brands.models import Round
    from fuzhou_lle.accounts.models import User
    from fuzhou_lle.exports.services import export_queue
    from fuzhou_lle.nominations.ranking import ranking_export
    from tasks.models import WorkPlan
    from tasks.selectors import ledger_export

    committee = User.objects.get(username="committee")
    plan = WorkPlan.objects.latest("year")
    round_ = Round.objects.get(batch="批量第1批")
    today = timezone.localdate().isoformat()
    found = {}
    for label, build, params, rows in [
        ("ledger", ledger_export, {"plan": plan.pk, "today": today}, plan.tasks.count()),
        (
            "ranking",
            ranking_export,
            {"round_model": "brands.brandround", "round": round_.pk},
            round_.nominations.count(),
        ),
    ]:
        # Here tasks run inline (no REDIS_URL): queueing the job writes it, as the worker would.
        started = time.perf_counter()
        job = export_queue(committee, build, params, rows=rows, title=label)
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        found[label] = {"rows": rows, "seconds": round(seconds, 2), "state": job.state}
    return found


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load": os.getloadavg(),
    }


def table(results):
    lines = [
        "| page | req/s | ratio of minimal | p50 ms | p95 ms | server ms, one user: median / p95 | queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, figures in results["pages"].items():
        ratio = f"{figures.get('ratio', 1) * 100:.0f}%"
        lines.append(
            f"| {label} | {figures['rps']:.0f} | {ratio} | {figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} "
            f"| {figures['server_ms']} / {figures['server_p95_ms']} | {figures['queries']} |"
        )
    search, sweep_ = results["search"], results["sweep"]
    cached, fresh = search["cached"], search["uncached"]
    recall = sum(r["found"] for r in search["recall"].values()) / max(
        1, sum(r["expected"] for r in search["recall"].values())
    )
    lines += [
        "",
        f"Search, 8 users, {len(SEARCHES)} keywords of 1–4 characters: p95 {cached['p95_ms']:.1f} ms"
        f" from the page cache ({cached['rps']:.0f} req/s), p95 {fresh['p95_ms']:.1f} ms rendered afresh"
        f" ({fresh['rps']:.0f} req/s); recall {recall * 100:.1f}%.",
        f"Reminder sweep: {sweep_['milestones']} milestones, {sweep_['reminders']} reminders,"
        f" {sweep_['digests']} digests sent inline: {sweep_['seconds']} s, {sweep_['queries']} queries.",
        "Background exports: "
        + ", ".join(
            f"{label} {job['rows']} rows in {job['seconds']} s ({job['state']})"
            for label, job in results["exports"].items()
        )
        + ".",
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, load average at start"
        f" {results['load_before'][0]:.1f}, at end {results['machine']['load'][0]:.1f}.",
    ]
    return "\n".join(lines)


def main():
    load_before = os.getloadavg()
    database_prepare()
    django_setup()
    pages_ = pages()
    staff_client, cookie = committee_cookie()
    single = one_user(pages_, staff_client)
    server = gunicorn()
    try:
        loaded = throughput(pages_, cookie)
        search = search_under_load()
    finally:
        server.terminate()
        server.wait()
    results = {
        "sizes": SIZES,
        "seconds_per_run": SECONDS,
        "rounds": ROUNDS,
        "pages": {label: {**loaded[label], **single[label]} for label, _p, _s in pages_},
        "search": search,
        "sweep": sweep(),
        "exports": export_jobs(),
        "load_before": load_before,
        "machine": machine(),
    }
    # 报名's opening-time rush and lottery: bench/rush.py, in a process of its own.
    from rush import measured

    results["enrolment"] = measured()
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
