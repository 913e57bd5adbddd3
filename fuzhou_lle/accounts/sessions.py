"""Sessions in the database, with a short-lived copy in the cache.

The database row is the session; the cache (Redis) only saves the query that reads it. Django's cached_db
store keeps its copy as long as the session lives, which goes wrong when Redis misses a write: a session
signed out while Redis hung, or a Redis restarted from an older snapshot, would bring back a copy the
database no longer holds. Here a copy lives CACHE_SECONDS at most, and a write the cache missed is undone
when it answers again (fuzhou_lle/web/cache.py); an unreachable cache just means the database is read.
"""

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

# Long enough to spare an active user's requests the query (the session is written at most once a minute,
# fuzhou_lle/accounts/middleware.py, and each write renews the copy), short enough that a copy the cache
# should have dropped is gone within minutes.
CACHE_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    # Not Django's prefix: copies it wrote live as long as their sessions.
    cache_key_prefix = "fuzhou_lle.session:"

    def load(self):
        data = self._cache.get(self.cache_key)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        age = self.get_expiry_age(expiry=stored.expire_date)
        self._cache.set(self.cache_key, data, min(age, CACHE_SECONDS))
        return data

    def save(self, must_create=False):
        DatabaseStore.save(self, must_create)
        self._cache.set(self.cache_key, self._session, min(self.get_expiry_age(), CACHE_SECONDS))
