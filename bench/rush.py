"""The opening-time rush of 报名, measured: thousands of learners against a few hundred classes that open at
the same instant, on gunicorn with 2 sync workers; then a lottery draw over 50,000 applications and its
re-run by the published algorithm. Prints figures and returns them (bench/run.py writes them to
bench/results.json under "enrolment"); asserts nothing.

Self-contained: its own database (BENCH_RUSH_DATABASE_URL, dropped and made anew each run), its own
gunicorn on BENCH_RUSH_PORT, its own data. `python bench/rush.py` runs it alone.

- Learners: BENCH_RUSH_LEARNERS households (default 5,000) of one member each, already signed in (their
  sessions written straight to the database, as the SMS code would leave them), each wanting two classes
  (the term's cap) chosen with a skew, so a few classes are wanted by hundreds and most by a few dozen.
- Classes: BENCH_RUSH_CLASSES (default 300) first-come classes of 5–30 seats in the 13 districts, all
  opening at one instant a few seconds after the load starts: the first requests meet a closed window,
  then everyone presses at once.
- BENCH_RUSH_CLIENTS (default 64) client threads, keep-alive connections, each learner's requests in turn.
- Checked afterwards in the database: classes with more enrolled than seats, learners enrolled twice in a
  class, counters out of step with the enrolments; from the answers: 5xx (the 'please wait' 503 included).
"""

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_RUSH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lle_bench_rush")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PORT = int(os.environ.get("BENCH_RUSH_PORT", 8766))
LEARNERS = int(os.environ.get("BENCH_RUSH_LEARNERS", 5_000))
CLASSES = int(os.environ.get("BENCH_RUSH_CLASSES", 300))
CLIENTS = int(os.environ.get("BENCH_RUSH_CLIENTS", 64))
APPLICATIONS = int(os.environ.get("BENCH_RUSH_APPLICATIONS", 50_000))
OPENS_IN = 3.0  # seconds after the load starts
CSRF = "rushbenchcsrftokenrushbenchcsrft"  # 32 characters: Django takes the secret itself as the token
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECRET_KEY": "bench-only-rush-5c1e9a3b8f2d6c0a4e7b1f5c9d3a8e2b6f0c4d7a",
    "DJANGO_LOG_LEVEL": "WARNING",
    "SMS_BACKEND": "locmem",
    "DJANGO_SETTINGS_MODULE": "fuzhou_lle.settings",
}


def database_fresh():
    import psycopg2

    name = urlsplit(DATABASE_URL).path.lstrip("/")
    admin = psycopg2.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "REDIS_URL": "", "DJANGO_DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True, env=env
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True, env=env
    )


def django_setup():
    os.environ.update({**SERVER_ENV, "REDIS_URL": "", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(opens_at):
    """The districts, a term, CLASSES classes under first-come rules opening at `opens_at`, LEARNERS
    signed-in households; returns [(session key, member id)] and the class ids."""
    import datetime

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from courses.enrolment.models import EnrolmentRule, Household, Member
    from courses.enrolment.signin.session import SESSION_KEY
    from courses.models import Category, Course, Offering, TeachingPoint, Term
    from fuzhou_lle.units.models import District
    from fuzhou_lle.units.services import reference_units_ensure

    reference_units_ensure()
    today = timezone.localdate()
    term = Term.objects.create(
        name="压测学期", start=today - datetime.timedelta(days=7), end=today + datetime.timedelta(days=120)
    )
    category = Category.objects.create(name="压测类别")
    rng = random.Random(2015)
    offerings = []
    districts = list(District.objects.all())
    for district in districts:
        EnrolmentRule.objects.create(
            term=term, district=district, opens=opens_at, closes=opens_at + datetime.timedelta(days=7), cap=2
        )
    points = [
        TeachingPoint.objects.create(
            name=f"压测教学点{n}", district=districts[n % len(districts)], street="压测街道", address="压测路"
        )
        for n in range(CLASSES // 5 + 1)
    ]
    for n in range(CLASSES):
        course = Course.objects.create(title=f"压测课程{n}", category=category)
        first = today + datetime.timedelta(days=7)
        seats = rng.randint(5, 30)
        offerings.append(
            Offering(
                course=course,
                teaching_point=points[n // 5],
                term=term,
                weekday=str(first.isoweekday()),
                start_time=datetime.time(9 + n % 5),
                end_time=datetime.time(10 + n % 5),
                first_date=first,
                last_date=first + datetime.timedelta(weeks=12),
                seats=seats,
                seats_left=seats,
            )
        )
    offerings = Offering.objects.bulk_create(offerings)
    households = Household.objects.bulk_create([Household(phone=f"15{n:09d}") for n in range(LEARNERS)])
    members = Member.objects.bulk_create(
        [Member(household=h, name="学员", birth_year=1955) for h in households]
    )
    sessions, learners = [], []
    expires = timezone.now() + datetime.timedelta(hours=8)
    for household, member in zip(households, members, strict=True):
        key = f"rush{household.pk:028d}"
        sessions.append(
            Session(
                session_key=key,
                session_data=SessionStore().encode({SESSION_KEY: household.pk}),
                expire_date=expires,
            )
        )
        learners.append((key, member.pk))
    Session.objects.bulk_create(sessions, batch_size=2000)
    return learners, [o.pk for o in offerings], sum(o.seats for o in offerings)


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
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def load(learners, class_ids, opens_at_monotonic):
    """Every learner asks for two classes (skewed: the first classes are the most wanted) from
    CLIENTS threads; returns each answer (status, seconds, enrolled?, when)."""
    rng = random.Random(7)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(class_ids))]
    wanted = []
    for key, member in learners:
        first, second = rng.choices(class_ids, weights=weights, k=2)
        wanted.append((key, member, first))
        if second != first:
            wanted.append((key, member, second))
    rng.shuffle(wanted)
    queue = iter(wanted)
    lock = threading.Lock()
    answers = []

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine = []
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            key, member, offering = item
            # Before the window opens learners keep pressing (each press answered: not yet open).
            while time.monotonic() < opens_at_monotonic:
                mine.append(post(connection, key, member, offering, early=True))
                time.sleep(0.5)
            mine.append(post(connection, key, member, offering))
        connection.close()
        with lock:
            answers.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, len(wanted)


def post(connection, key, member, offering, *, early=False):
    body = f"member={member}"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={key}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Referer": f"http://127.0.0.1:{PORT}/",
    }
    started = time.monotonic()
    try:
        connection.request("POST", f"/enrol/classes/{offering}/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
        enrolled = status == 302 and "/enrol/done/" in (response.getheader("Location") or "")
    except (OSError, http.client.HTTPException):
        connection.close()
        status, enrolled = 0, False
    return {
        "status": status,
        "seconds": time.monotonic() - started,
        "enrolled": enrolled,
        "early": early,
        "at": time.monotonic(),
    }


def verify():
    """What the database holds after the rush."""
    from django.db.models import Count, F, Q

    from courses.enrolment.models import ACTIVE, Enrolment, Status
    from courses.models import Offering

    counted = Offering.objects.filter(term__name="压测学期").annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=Status.ENROLLED))
    )
    overfilled = counted.filter(enrolled__gt=F("seats")).count()
    out_of_step = counted.exclude(seats_left=F("seats") - F("enrolled")).count()
    doubles = (
        Enrolment.objects.filter(status__in=ACTIVE)
        .values("offering_id", "member_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    over_cap = (
        Enrolment.objects.filter(status__in=ACTIVE)
        .values("member_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=2)
        .count()
    )
    full = counted.filter(seats_left=0).count()
    return {
        "overfilled_classes": overfilled,
        "double_enrolments": doubles,
        "learners_over_cap": over_cap,
        "counters_out_of_step": out_of_step,
        "classes_full": full,
        "enrolled": Enrolment.objects.filter(status=Status.ENROLLED).count(),
    }


def lottery():
    """A draw over APPLICATIONS applications (built straight in the database), timed; then the published
    data re-run by the published algorithm in a separate process."""
    import datetime

    from django.utils import timezone

    from courses.enrolment import services
    from courses.enrolment.models import Enrolment, EnrolmentRule, Household, Member, Status
    from courses.models import Offering, Term

    term = Term.objects.get(name="压测学期")
    rule = EnrolmentRule.objects.filter(term=term).order_by("pk").first()
    now = timezone.now()
    lottery_term = Term.objects.create(name="压测摇号学期", start=term.start, end=term.end)
    EnrolmentRule.objects.filter(pk=rule.pk).update(
        term=lottery_term,
        mode=EnrolmentRule.Mode.LOTTERY,
        opens=now - datetime.timedelta(days=2),
        closes=now - datetime.timedelta(hours=2),
        draw_at=now - datetime.timedelta(hours=1),
        priority=EnrolmentRule.Priority.RETURNING_FIRST,
    )
    rule.refresh_from_db()
    rule.seed_new()
    rule.save(update_fields=["seed", "commitment"])
    source = list(Offering.objects.filter(term=term, teaching_point__district=rule.district)[:5])
    classes = Offering.objects.bulk_create(
        [
            Offering(
                course=o.course,
                teaching_point=o.teaching_point,
                term=lottery_term,
                weekday=o.weekday,
                start_time=o.start_time,
                end_time=o.end_time,
                first_date=o.first_date,
                last_date=o.last_date,
                seats=30,
                seats_left=30,
            )
            for o in source
        ]
        + [
            Offering(
                course=o.course,
                teaching_point=o.teaching_point,
                term=lottery_term,
                weekday=o.weekday,
                start_time=o.start_time.replace(hour=o.start_time.hour + 8),
                end_time=o.end_time.replace(hour=o.end_time.hour + 8),
                first_date=o.first_date,
                last_date=o.last_date,
                seats=30,
                seats_left=30,
            )
            for o in source
        ]
    )
    households = Household.objects.bulk_create(
        [Household(phone=f"16{n:09d}") for n in range(APPLICATIONS // 2)]
    )
    members = Member.objects.bulk_create(
        [Member(household=h, name=f"申请人{k}", birth_year=1950) for h in households for k in range(2)]
    )
    rng = random.Random(11)
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                offering=classes[n % len(classes)],
                member=m,
                term=lottery_term,
                status=Status.APPLIED,
                returning=rng.random() < 0.3,
                token=f"{n:016x}",
            )
            for n, m in enumerate(members[:APPLICATIONS])
        ],
        batch_size=5000,
    )
    # The texts of the results go to the worker, as in production: not part of the draw's time.
    from fuzhou_lle.celery import app

    app.conf.task_always_eager = False
    started = time.perf_counter()
    counts = services.lottery_draw(rule=rule)
    seconds = time.perf_counter() - started
    rule.refresh_from_db()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "published.json"
        path.write_text(json.dumps(rule.published, ensure_ascii=False))
        started = time.perf_counter()
        rerun = subprocess.run(
            [sys.executable, str(ROOT / "courses/enrolment/lottery/algorithm.py"), str(path)],
            capture_output=True,
            text=True,
        )
        rerun_seconds = time.perf_counter() - started
    return {
        "applications": APPLICATIONS,
        "classes": len(classes),
        **counts,
        "draw_seconds": round(seconds, 2),
        "rerun_seconds": round(rerun_seconds, 2),
        "rerun_same": rerun.returncode == 0,
        "rerun_output": rerun.stdout.strip(),
    }


def run() -> dict:
    load_before = os.getloadavg()
    database_fresh()
    django_setup()
    import datetime

    from django.db import connection
    from django.utils import timezone

    setup_started = time.perf_counter()
    # The classes open OPENS_IN seconds after the load starts; seeding and start-up come first.
    opens_at = timezone.now() + datetime.timedelta(days=1)
    learners, class_ids, seats = seed(opens_at)
    connection.close()
    server = gunicorn()
    try:
        from courses.enrolment.models import EnrolmentRule

        opening = timezone.now() + datetime.timedelta(seconds=OPENS_IN)
        EnrolmentRule.objects.update(opens=opening)
        opens_monotonic = time.monotonic() + (opening - timezone.now()).total_seconds()
        print(
            f"rush: {len(learners)} learners, {len(class_ids)} classes, {seats} seats "
            f"(set up in {time.perf_counter() - setup_started:.0f} s)",
            flush=True,
        )
        started = time.monotonic()
        answers, wanted = load(learners, class_ids, opens_monotonic)
        finished = time.monotonic()
    finally:
        server.terminate()
        server.wait()
    rush_answers = [a for a in answers if not a["early"]]
    successes = sorted(a["at"] for a in rush_answers if a["enrolled"])
    latencies = sorted(a["seconds"] for a in rush_answers)
    window = (successes[-1] - max(opens_monotonic, started)) if successes else 0
    statuses = {}
    for answer in answers:
        statuses[str(answer["status"])] = statuses.get(str(answer["status"]), 0) + 1
    results = {
        "learners": len(learners),
        "classes": len(class_ids),
        "seats": seats,
        "requests": len(answers),
        "requests_after_opening": len(rush_answers),
        "wanted": wanted,
        "enrolled": len(successes),
        "enrolments_per_second": round(len(successes) / window, 1) if window > 0 else None,
        "requests_per_second": round(len(rush_answers) / (finished - max(opens_monotonic, started)), 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "statuses": statuses,
        "server_errors_5xx": sum(n for status, n in statuses.items() if status.startswith("5")),
        "failed_connections": statuses.get("0", 0),
        **verify(),
        "lottery": lottery(),
        "clients": CLIENTS,
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }
    return results


def report(results) -> str:
    r, lottery_ = results, results["lottery"]
    rerun = "same result" if lottery_["rerun_same"] else "DIFFERENT"
    return "\n".join(
        [
            f"Rush: {r['learners']} learners × 2 classes against {r['classes']} classes ({r['seats']} seats) "
            f"opening at once, {r['clients']} clients, 2 gunicorn workers:",
            f"  enrolled {r['enrolled']} ({r['enrolments_per_second']}/s), {r['requests_after_opening']} "
            f"requests after opening ({r['requests_per_second']}/s), p50 {r['p50_ms']} ms, "
            f"p95 {r['p95_ms']} ms; answers {r['statuses']}",
            f"  overfilled classes {r['overfilled_classes']}, double enrolments {r['double_enrolments']}, "
            f"5xx {r['server_errors_5xx']}, learners over the cap {r['learners_over_cap']}, "
            f"counters out of step {r['counters_out_of_step']}, classes full {r['classes_full']}",
            f"  lottery: {lottery_['applications']} applications to {lottery_['classes']} classes drawn in "
            f"{lottery_['draw_seconds']} s ({lottery_['placed']} placed, {lottery_['waitlisted']} waiting); "
            f"re-run from the published data in {lottery_['rerun_seconds']} s: {rerun}",
            f"  load average before {r['load_before'][0]:.1f}, after {r['load_after'][0]:.1f}",
        ]
    )


def measured() -> dict:
    """run() in a process of its own (its own database and settings), for bench/run.py."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rush.json"
        subprocess.run([sys.executable, str(Path(__file__)), "--json", str(out)], cwd=ROOT, check=True)
        return json.loads(out.read_text())


if __name__ == "__main__":
    figures = run()
    print(report(figures))
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(figures, ensure_ascii=False))
    else:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
