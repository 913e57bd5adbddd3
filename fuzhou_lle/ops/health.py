"""What /readyz asks: can this process reach the database, the cache and the broker, and is the database
schema the code's? Each check answers quickly (Redis within settings.REDIS_TIMEOUT) and never raises. The
answer names what failed and the kind of error; the error's text (host names, database users) goes to the log
only, since anyone on the internal network may ask."""

import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

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
    timeout = settings.REDIS_TIMEOUT
    redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping()


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
        except Exception as error:  # any failure means "not ready"; the JSON names it, the log says it
            logger.warning("readiness check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return all(result["ok"] for result in results.values()), results
