"""What /readyz asks: can this process reach the database, the cache and the broker, and is the database
schema the code's? Each check answers quickly (connection timeouts of a few seconds) and never raises."""

import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Once the schema is up to date it stays so until the code changes, which means a new process.
_migrated = False


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    probe = str(time.monotonic())
    cache.set("readyz-probe", probe, 10)
    if cache.get("readyz-probe") != probe:
        raise RuntimeError("cache did not return what was written")


def _broker():
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return  # tasks run inline: there is no broker to reach
    redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()


def _migrations():
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")
    _migrated = True


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "migrations": _migrations}


def readiness() -> tuple[bool, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure means "not ready"; the JSON names it
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return all(result["ok"] for result in results.values()), results
