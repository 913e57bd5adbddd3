from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "fuzhou_lle.ops"
    label = "ops"
    verbose_name = _("运行维护")

    def ready(self):
        # Registers the deploy check and connects the job log and heartbeat to Celery's task signals.
        from fuzhou_lle.ops import checks, jobs  # noqa: F401
