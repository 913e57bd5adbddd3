import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuzhou_lle.settings")

app = Celery("fuzhou_lle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The core's tasks live in its subsystem packages, not in a top-level tasks module.
app.autodiscover_tasks(["fuzhou_lle.reminders"])
