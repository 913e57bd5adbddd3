import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuzhou_lle.settings")

app = Celery("fuzhou_lle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
