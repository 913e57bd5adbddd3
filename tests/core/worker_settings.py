"""Settings for the Celery worker that tests/core/test_reminders_delivery.py starts: the portal's own,
with email written to files in the directory the test gives."""

import os

from fuzhou_lle.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
