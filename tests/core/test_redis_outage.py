"""Redis stopped or hung costs nothing: the cache answers as an empty one within its timeout, sessions live in
the database, the broker's absence means "queued for later", and every page of the URL × role matrix answers
as it does with Redis up, none waiting on Redis for a second. Each test runs against a private redis-server
of its own (tests/redis_server.py), never the shared one.

`pytest -m redis_outage` runs these alone."""

import time

import pytest
import redis.connection
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from kombu import pools as kombu_pools

from fuzhou_lle.accounts.sessions import CACHE_SECONDS
from fuzhou_lle.celery import app as celery_app
from fuzhou_lle.celery import task_enqueue
from fuzhou_lle.web import cache as resilient
from tests.factories import PASSWORD
from tests.nominations import private_storage_dir  # noqa: F401 (fixture)
from tests.redis_server import private_redis  # noqa: F401 (fixture)
from tests.test_url_matrix import matrix_problems, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.redis_outage

# What "no wait" means: no request blocked on Redis for this long in all.
MAX_WAIT = 1.0


def _reset_celery_connections():
    """Celery keeps its broker connections in kombu's pools, registered by connection: closed and forgotten
    here, so the next publish opens new ones to whatever broker_url says now."""
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def portal_redis(private_redis, settings):  # noqa: F811
    """The portal's cache, sessions and broker on the private server, as production has them on its Redis."""
    timeout = settings.REDIS_TIMEOUT
    settings.CACHES = {
        "default": {
            "BACKEND": "fuzhou_lle.web.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }
    settings.SESSION_ENGINE = "fuzhou_lle.accounts.sessions"
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = private_redis.url, False
    _reset_celery_connections()
    resilient._outages.clear()
    yield private_redis
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    _reset_celery_connections()
    resilient._outages.clear()


class RedisWaits:
    """Seconds spent blocked on any Redis connection (the cache's and the broker's: kombu uses redis-py)."""

    def __init__(self, monkeypatch):
        self.seconds = 0.0
        for name in ("connect", "send_packed_command", "read_response"):
            original = getattr(redis.connection.AbstractConnection, name)
            monkeypatch.setattr(redis.connection.AbstractConnection, name, self._timed(original))

    def _timed(self, original):
        def timed(*args, **kwargs):
            started = time.monotonic()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.monotonic() - started

        return timed

    def take(self) -> float:
        seconds, self.seconds = self.seconds, 0.0
        return seconds


@pytest.fixture
def redis_waits(monkeypatch):
    return RedisWaits(monkeypatch)


def _every_operation():
    """Each cache call the portal makes, with what an empty cache answers."""
    cache.set("k", 1)
    cache.set_many({"a": 1, "b": 2})
    cache.delete("k")
    cache.delete_many(["a", "b"])
    cache.touch("k")
    return {
        "get": cache.get("k", "default"),
        "get_many": cache.get_many(["a", "b"]),
        "has_key": cache.has_key("k"),
        "add": cache.add("k", 1),
        "get_or_set": cache.get_or_set("k", lambda: "computed"),
        "incr": _incr(),
    }


def _incr():
    try:
        return cache.incr("counter")
    except ValueError:
        return "ValueError"


EMPTY = {
    "get": "default",
    "get_many": {},
    "has_key": False,
    "add": False,
    "get_or_set": "computed",
    "incr": "ValueError",
}


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_every_cache_call_answers_as_an_empty_cache_within_the_timeout(portal_redis, outage, redis_waits):
    cache.set("warm", 1)  # connections open before the outage, as in a running process
    getattr(portal_redis, "stop" if outage == "stopped" else "hang")()
    redis_waits.take()
    assert _every_operation() == EMPTY
    assert redis_waits.take() < MAX_WAIT


def test_a_hung_redis_costs_one_timeout_then_is_left_alone(portal_redis, settings, redis_waits):
    cache.set("warm", 1)
    portal_redis.hang()
    redis_waits.take()
    assert cache.get("warm") is None
    assert redis_waits.take() >= settings.REDIS_TIMEOUT  # it did wait for the answer, once
    for _ in range(100):
        cache.get("warm")
    assert redis_waits.take() == 0  # and then did not ask again


def test_redis_is_asked_again_after_a_pause_and_the_writes_it_missed_are_undone(portal_redis, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.2)
    cache.set("session-copy", "signed in")
    cache.set("untouched", "kept")
    portal_redis.hang()
    cache.delete("session-copy")  # lost: Redis still holds the old copy when it wakes
    cache.set("page", "new")  # lost too
    portal_redis.resume()
    assert cache.get("untouched") is None  # within the pause Redis is not asked
    time.sleep(0.3)
    assert cache.get("untouched") == "kept"
    assert cache.get("session-copy") is None
    assert cache.get("page") is None


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_signing_in_and_working_need_no_redis(portal_redis, outage, unit_user, redis_waits):
    client = Client()
    client.get(reverse("login"))
    getattr(portal_redis, "stop" if outage == "stopped" else "hang")()
    redis_waits.take()
    response = client.post(reverse("login"), {"username": unit_user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("my_work")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("my_work"))["Location"].startswith(reverse("login"))
    assert redis_waits.take() < MAX_WAIT


def test_a_session_signed_out_while_redis_hung_stays_signed_out(portal_redis, unit_user, monkeypatch):
    client = Client()
    client.post(reverse("login"), {"username": unit_user.username, "password": PASSWORD})
    assert client.get(reverse("my_work")).status_code == 200  # its copy is in Redis
    stolen = client.cookies["sessionid"].value
    portal_redis.hang()
    client.post(reverse("logout"))
    portal_redis.resume()
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0)
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get(reverse("my_work"))["Location"].startswith(reverse("login"))


def test_a_session_copy_lives_in_the_cache_for_minutes_not_the_sessions_life(portal_redis, unit_user):
    client = Client()
    client.post(reverse("login"), {"username": unit_user.username, "password": PASSWORD})
    key = "fuzhou_lle.session:" + client.cookies["sessionid"].value
    ttl = cache._cache.get_client().ttl(cache.make_key(key))
    assert 0 < ttl <= CACHE_SECONDS


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_a_task_is_left_for_later_at_once_when_the_broker_is_down(portal_redis, outage, redis_waits):
    assert task_enqueue("fuzhou_lle.ops.tasks.heartbeat_task") is True
    getattr(portal_redis, "stop" if outage == "stopped" else "hang")()
    redis_waits.take()
    assert task_enqueue("fuzhou_lle.ops.tasks.heartbeat_task") is False
    assert redis_waits.take() < MAX_WAIT
    assert task_enqueue("fuzhou_lle.ops.tasks.heartbeat_task") is False
    assert redis_waits.take() == 0  # the breaker: not asked again


def _outage_matrix(world, portal_redis, redis_waits, stop):  # noqa: F811
    Client().get("/")  # the process has its connections open, as a running one does
    stop()
    redis_waits.take()
    slow = []

    def observe(key, persona, method, url, response):
        waited = redis_waits.take()
        if waited > MAX_WAIT:
            return f"{key} as {persona} ({method} {url}) waited {waited:.2f} s on Redis"
        if response.status_code >= 500 and key != "readyz":
            return f"{key} as {persona} ({method} {url}) answered {response.status_code}"
        slow.append(waited)
        return None

    def expected(key, persona, answer):
        # The probe exists to say so: not ready without Redis.
        return "503" if key == "readyz" else answer

    problems = matrix_problems(world, expected=expected, observe=observe)
    assert not problems, "\n".join(problems)


def test_every_page_answers_as_usual_with_redis_stopped(world, portal_redis, redis_waits):  # noqa: F811
    _outage_matrix(world, portal_redis, redis_waits, portal_redis.stop)


def test_every_page_answers_as_usual_with_redis_hung(world, portal_redis, redis_waits):  # noqa: F811
    _outage_matrix(world, portal_redis, redis_waits, portal_redis.hang)


def test_a_long_outage_is_asked_ever_more_seldom_up_to_a_minute():
    outage = resilient.Outage("test:1")
    waits = []
    for _ in range(6):
        before = time.monotonic()
        outage.failed(OSError("hung"))
        waits.append(round(outage.until - before))
    assert waits == [5, 10, 20, 40, 60, 60]
    outage.recovered()
    before = time.monotonic()
    outage.failed(OSError("hung again"))
    assert round(outage.until - before) == 5
