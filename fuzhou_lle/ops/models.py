from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """How each scheduled job (named by its key in CELERY_BEAT_SCHEDULE) last went, and the lease that keeps
    a second worker from running it while the first still is."""

    name = models.CharField(_("任务"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("首次记录"), auto_now_add=True)
    last_started_at = models.DateTimeField(_("最近开始"), null=True, blank=True)
    last_succeeded_at = models.DateTimeField(_("最近成功"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("最近失败"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    lease_until = models.DateTimeField(_("运行锁到期"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("定时任务记录")
        verbose_name_plural = _("定时任务记录")

    def __str__(self):
        return self.name
