"""The audit trail's one table."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def about(self, *objects):
        """Events about any of the given objects (of any models), newest first."""
        ids = {}
        for obj in objects:
            ids.setdefault(ContentType.objects.get_for_model(obj), []).append(str(obj.pk))
        about = models.Q(pk__in=[])
        for target_type, target_ids in ids.items():
            about |= models.Q(target_type=target_type, target_id__in=target_ids)
        return self.filter(about)

    def update(self, **kwargs):
        raise TypeError("审计记录只能追加，不能修改。")

    def delete(self):
        raise TypeError("审计记录只能追加，不能删除。")


class AuditEvent(models.Model):
    """One change of state, written by the service that made it: who, when, what, before → after, on which
    object. Append-only: the model refuses updates and deletes, and on PostgreSQL so does a trigger.

    Written through fuzhou_lle.audit.record.audit_record(), never directly."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        # An account with history is deactivated, never deleted: the trail must keep naming it.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # As shown at the time ("系统" for commands and scheduled jobs), so renaming an account rewrites nothing.
    actor_name = models.CharField(_("操作人名称"), max_length=150)
    action = models.CharField(_("操作代码"), max_length=60, db_index=True)
    label = models.CharField(_("操作"), max_length=100)
    target_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    target_id = models.CharField(_("对象编号"), max_length=40)
    target_repr = models.CharField(_("对象"), max_length=200)
    changes = models.JSONField(_("变更"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("说明"), blank=True)
    # Where the change came from (the client's real address behind the proxy); empty for commands and jobs.
    client_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_target_idx"),
            # The audit log's filters, each read newest first (audit_views: keyset on the primary key).
            models.Index(fields=["action", "-id"], name="audit_action_idx"),
            models.Index(fields=["actor", "-id"], name="audit_actor_idx"),
            models.Index(fields=["target_type", "-id"], name="audit_type_idx"),
        ]

    def __str__(self):
        return f"{self.actor_name} {self.label} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("审计记录只能追加，不能删除。")
