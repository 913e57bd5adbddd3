"""Fixed-window rate limits kept in the cache, for the objection form and the admins' error emails."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def over_limit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one use of `key`; True once it has been used more than `limit` times in the window. With the
    cache unreachable nothing is over the limit: what the limit guards (an objection, an error email) matters
    more than the limit itself."""
    try:
        cache.add(key, 0, seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            count = 1
    except Exception:  # each cache backend raises its own errors (redis.ConnectionError, …)
        logger.warning("rate limit %s not applied: the cache is unreachable", key, exc_info=True)
        return False
    return count > limit
