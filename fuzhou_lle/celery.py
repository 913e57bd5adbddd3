import logging
import os

from celery import Celery
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

from fuzhou_lle.web.cache import outage_of

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuzhou_lle.settings")

app = Celery("fuzhou_lle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The core's tasks live in its subsystem packages, not in a top-level tasks module.
app.autodiscover_tasks(["fuzhou_lle.reminders"])


def task_enqueue(name: str, *args) -> bool:
    """Queue the task registered as `name` without ever hanging or breaking the caller. By name, so that a
    service need not import the tasks module that imports it. A broker that does not answer fails within
    its short timeouts (the CELERY_BROKER_* settings), and one this process already found unreachable (the
    cache's breaker: the same Redis) is not asked at all; that is logged, and whatever the task was to do
    stays recorded in the database for the next sweep (or the exports' housekeeping) to queue again."""
    task = import_string(name)
    broker = app.conf.broker_url or ""
    outage = None
    if not app.conf.task_always_eager and broker.startswith(("redis://", "rediss://")):
        outage = outage_of(broker)
        if outage.is_down():
            logger.warning("could not queue %s%r, left for the next run: Redis unreachable", task.name, args)
            return False
    try:
        task.apply_async(args, retry=False)
    except (OperationalError, ConnectionError) as error:
        if outage is not None:
            outage.failed(error)
        logger.warning("could not queue %s%r, left for the next run: %s", task.name, args, error)
        return False
    except Exception:  # the producer's own trouble (a closed pool …): the work still waits in the database
        if app.conf.task_always_eager:
            raise  # run inline, the task's own error: the caller should see it
        logger.exception("could not queue %s%r, left for the next run", task.name, args)
        return False
    return True
