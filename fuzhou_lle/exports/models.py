from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.storage import private_file_field


class ExportState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


class ExportJob(models.Model):
    """One spreadsheet being written in the background for the person who asked for it."""

    State = ExportState

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="export_jobs", verbose_name=_("申请人")
    )
    title = models.CharField(_("内容"), max_length=200)
    # The dotted path of an @exporter function and what it is called with; both set by code, never by a form.
    builder = models.CharField(_("生成函数"), max_length=200)
    params = models.JSONField(_("参数"), default=dict)
    # The language the person was reading in: the worker writes the headings in it.
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    state = models.CharField(_("状态"), max_length=10, choices=State, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("总行数"))
    rows_done = models.PositiveIntegerField(_("已写行数"), default=0)
    file = private_file_field(_("文件"))
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        indexes = [models.Index(fields=["owner", "-created_at"], name="export_owner_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ExportState.values), name="export_state_valid"),
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")), name="export_done_within_total"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | (~Q(file="") & Q(finished_at__isnull=False)),
                name="export_done_has_file",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exports:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return self.rows_done * 100 // self.rows_total if self.rows_total else 0
