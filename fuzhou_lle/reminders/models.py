"""What reaches people: in-app notifications, the daily digest email and the log of reminders sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self, *, now):
        return self.unread().update(read_at=now)


class Notification(models.Model):
    """A message in a user's in-app list (站内通知)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # A notification of a workflow event (fuzhou_lle.reminders.notifications) names its event; deadline
    # reminders come from the reminder log instead and name none.
    event = models.ForeignKey(
        "AuditEvent",
        verbose_name=_("操作记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The daily digest email that carries it, for people who want email; or emailed at once (催办).
    digest = models.ForeignKey(
        "DigestDelivery",
        verbose_name=_("提醒邮件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        constraints = [
            # Each event notifies each person once, however often its dispatch runs.
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"
            )
        ]

    def __str__(self):
        return self.message

    def mark_read(self, *, now):
        if self.read_at is None:
            self.read_at = now
            self.save(update_fields=["read_at"])


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class DigestDelivery(models.Model):
    """The one reminder email a person may get for a day, and how sending it went."""

    Status = DigestStatus

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="digests"
    )
    date = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "recipient"]
        verbose_name = _("提醒邮件")
        verbose_name_plural = _("提醒邮件")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "date"], name="one_digest_per_person_per_day"),
            models.CheckConstraint(
                name="digest_status_valid", condition=models.Q(status__in=DigestStatus.values)
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {self.date}"


class ReminderLogQuerySet(models.QuerySet):
    def about(self, targets):
        """Reminders about any of `targets`, instances of one model (a task's milestones, say)."""
        if not targets:
            return self.none()
        return self.filter(
            target_type=ContentType.objects.get_for_model(targets[0]), target_id__in=[t.pk for t in targets]
        )

    def for_user(self, user):
        return self.filter(recipient=user)


class ReminderLog(models.Model):
    """One reminder recorded as sent. Its uniqueness is what makes every sweep send a reminder once."""

    rule = models.CharField(_("规则"), max_length=100)
    target_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(_("对象编号"))
    target = GenericForeignKey("target_type", "target_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField(_("截止日期"))
    step = models.CharField(_("提醒节点"), max_length=30)
    message = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    notification = models.OneToOneField(
        Notification, verbose_name=_("站内通知"), on_delete=models.SET_NULL, null=True, blank=True
    )
    digest = models.ForeignKey(
        DigestDelivery,
        verbose_name=_("提醒邮件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    sent_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "target_type", "target_id", "recipient", "due_on", "step"],
                name="reminder_sent_once",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="reminder_target_idx")]

    def __str__(self):
        return self.message
