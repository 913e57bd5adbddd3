"""The cache as a helper that never takes a page down: Django's Redis cache, every call bounded by a short
socket timeout and answered as an empty cache would answer when Redis is stopped, hung or restarting.

Two things make that safe and quick:

- **A breaker per Redis server and process.** After a failure the process stops asking that server for
  RETRY_SECONDS (doubling while it stays down) and answers at once, so a hung Redis costs one timeout now
  and then, not one per call.
  The broker's publisher asks the same breaker (fuzhou_lle.celery.task_enqueue), since it is the same Redis.
- **Lost writes are undone on recovery.** A write (set, delete, incr …) that failed may leave an old copy in
  Redis once it answers again: a session signed out during the outage, a public page's version never bumped.
  The process remembers each such key and deletes it before its first call after the outage, so no stale copy
  outlives it. (A process killed before Redis comes back forgets its list: the sessions' short time in the
  cache, fuzhou_lle.accounts.sessions, bounds what that can leave.)
"""

import logging
import threading
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# How long a process leaves a failed Redis alone before asking it again: doubled after each failed try, up to
# the longest, so a long outage costs one short timeout now and then, even to a slow page that spans retries.
RETRY_SECONDS = 5.0
LONGEST_RETRY_SECONDS = 60.0
# Keys whose lost writes a process remembers; past this an outage is long and busy enough that the short
# lives of the cached entries bound what is stale.
LOST_KEYS_KEPT = 10_000
ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class Outage:
    """What one process knows of one Redis server: until when to leave it alone, and the keys whose
    writes were lost while it did not answer."""

    def __init__(self, name: str):
        self.name = name
        self.until = 0.0
        self.failures = 0
        self.lost: set[str] = set()
        self.lock = threading.Lock()

    def is_down(self) -> bool:
        return time.monotonic() < self.until

    def failed(self, error: BaseException) -> None:
        with self.lock:
            if not self.until:
                logger.warning("Redis %s unreachable, the portal works without it: %s", self.name, error)
            wait = min(RETRY_SECONDS * 2**self.failures, LONGEST_RETRY_SECONDS)
            self.failures += 1
            self.until = time.monotonic() + wait

    def lose(self, keys) -> None:
        with self.lock:
            room = LOST_KEYS_KEPT - len(self.lost)
            self.lost.update(list(keys)[: max(room, 0)])

    def take_lost(self) -> list[str]:
        with self.lock:
            lost, self.lost = list(self.lost), set()
            return lost

    def recovered(self) -> None:
        with self.lock:
            if self.until:
                logger.warning("Redis %s answers again", self.name)
            self.until = 0.0
            self.failures = 0


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_of(url: str) -> Outage:
    """The breaker of the server at `url` (its host and port: a hung server hangs every database on it)."""
    parts = urlsplit(url)
    name = f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
    with _outages_lock:
        return _outages.setdefault(name, Outage(name))


# incr() of a key an empty cache does not hold raises ValueError (Django's contract); this marks that case.
_UNREACHABLE = object()


class ResilientRedisCacheClient(RedisCacheClient):
    """Every operation of Django's Redis client, guarded. Keys here are already made (prefix, version)."""

    def _guarded(self, operation, fallback, *args, written=()):
        outage = outage_of(self._servers[0])
        if outage.is_down():
            outage.lose(written)
            return fallback
        try:
            self._restore(outage)
            result = operation(*args)
        except ERRORS as error:
            outage.failed(error)
            outage.lose(written)
            return fallback
        outage.recovered()
        return result

    def _restore(self, outage: Outage) -> None:
        lost = outage.take_lost()
        if not lost:
            return
        try:
            super().delete_many(lost)
        except ERRORS:
            outage.lose(lost)
            raise
        logger.warning("Redis %s: %d entries written during the outage removed", outage.name, len(lost))

    def add(self, key, value, timeout):
        return self._guarded(super().add, False, key, value, timeout, written=[key])

    def get(self, key, default):
        return self._guarded(super().get, default, key, default)

    def set(self, key, value, timeout):
        self._guarded(super().set, None, key, value, timeout, written=[key])

    def touch(self, key, timeout):
        return self._guarded(super().touch, False, key, timeout, written=[key])

    def delete(self, key):
        return self._guarded(super().delete, False, key, written=[key])

    def get_many(self, keys):
        return self._guarded(super().get_many, {}, list(keys))

    def has_key(self, key):
        return self._guarded(super().has_key, False, key)

    def incr(self, key, delta):
        result = self._guarded(super().incr, _UNREACHABLE, key, delta, written=[key])
        if result is _UNREACHABLE:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout):
        self._guarded(super().set_many, None, data, timeout, written=list(data))

    def delete_many(self, keys):
        keys = list(keys)
        self._guarded(super().delete_many, None, keys, written=keys)

    def clear(self):
        return self._guarded(super().clear, False)


class ResilientRedisCache(RedisCache):
    """settings.CACHES' backend with REDIS_URL; OPTIONS set the socket timeouts that bound each call."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
