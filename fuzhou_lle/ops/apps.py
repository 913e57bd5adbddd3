from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "fuzhou_lle.ops"
    label = "ops"
    verbose_name = _("运行维护")

    def ready(self):
        # Registers the deploy checks and connects the job log and heartbeat to Celery's task signals.
        from django.db.models.signals import post_migrate

        from fuzhou_lle.ops import checks, jobs  # noqa: F401
        from fuzhou_lle.ops.database_roles import app_role_grant_after_migrate

        post_migrate.connect(app_role_grant_after_migrate, sender=self, dispatch_uid="ops.app_role_grant")
