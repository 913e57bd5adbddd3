"""Loaded before Django's settings (`-p tests.isolation` in pyproject.toml), so that what the settings read
from the environment keeps each test run, and each pytest-xdist worker, apart:

- files (collected static files, uploads, private files, backups) go to a temporary folder of this
  process, never into the checkout;
- under xdist, each worker gets its own Redis database (cache and broker): a test's cache.clear() or a
  real Celery worker must not reach another worker's keys or messages. PostgreSQL databases are already
  one per worker (pytest-django's test_<name>_gw<n>).

Subprocesses the tests start (a Celery worker, manage.py) inherit the same environment.
"""

import atexit
import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

_root = tempfile.mkdtemp(prefix="lle-tests-")
atexit.register(shutil.rmtree, _root, ignore_errors=True)
for _name, _folder in [
    ("STATIC_ROOT", "static"),
    ("MEDIA_ROOT", "media"),
    ("PRIVATE_MEDIA_ROOT", "private"),
    ("BACKUP_DIR", "backups"),
]:
    os.environ[_name] = os.path.join(_root, _folder)

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … under xdist
if _worker and os.environ.get("REDIS_URL"):
    _url = urlsplit(os.environ["REDIS_URL"])
    _base = int(_url.path.strip("/") or 0)
    _db = (_base - int(_worker.removeprefix("gw"))) % 16
    os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{_db}"))
