import difflib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The four kinds of signed-in user. Each is a Group of the same name (created by a migration)."""

    COMMITTEE = "committee", _("委员会办公室")
    UNIT = "unit", _("成员单位联络员")
    DISTRICT = "district", _("县（市）区终身教育促进委员会")
    REVIEWER = "reviewer", _("评审专家")


class District(models.Model):
    """One of Fuzhou's 13 county-level areas as of 2015."""

    name = models.CharField(_("名称"), max_length=20, unique=True)
    code = models.SlugField(_("代码"), max_length=20, unique=True, help_text=_("用于网址和筛选，如 gulou"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("县（市）区")
        verbose_name_plural = _("县（市）区")

    def __str__(self):
        return self.name


class UnitQuerySet(models.QuerySet):
    def members(self):
        """Units that "市终身教育促进委员会各成员单位" refers to: every member unit and the university."""
        return self.filter(kind__in=[Unit.Kind.MEMBER, Unit.Kind.COMMUNITY_UNIVERSITY], is_active=True)

    def district_committees(self):
        return self.filter(kind=Unit.Kind.DISTRICT_COMMITTEE, is_active=True)

    def committee_office(self):
        return self.get(kind=Unit.Kind.COMMITTEE_OFFICE)

    def matching(self, names) -> dict:
        """{name: Unit} for the names that match a unit: exactly, written without or with another
        city prefix (发改委, 福州市教育局), or through an alias (市人社局).
        Names matching nothing are left out."""
        variants = {name: _name_variants(name) for name in names}
        aliases = dict(
            UnitAlias.objects.filter(alias__in=[v for vs in variants.values() for v in vs]).values_list(
                "alias", "name"
            )
        )
        wanted = {v for vs in variants.values() for v in vs} | set(aliases.values())
        units = {unit.name: unit for unit in self.filter(name__in=wanted)}
        found = {}
        for name, candidates in variants.items():
            unit = next((units[v] for v in candidates if v in units), None) or next(
                (units[aliases[v]] for v in candidates if aliases.get(v) in units), None
            )
            if unit is not None:
                found[name] = unit
        return found

    def closest(self, name, *, n=3) -> list:
        """Units whose names are close to `name`, best first: offered to staff, never chosen for them."""
        names = {unit.name: unit for unit in self.filter(is_active=True)}
        for alias, full_name in UnitAlias.objects.values_list("alias", "name"):
            if full_name in names:
                names[alias] = names[full_name]
        close = difflib.get_close_matches(name, list(names), n=n * 2, cutoff=0.5)
        return list(dict.fromkeys(names[match] for match in close))[:n]


def _name_variants(name):
    """A unit name as a notice may write it: as is, with 市 for 福州市, with the 市 it left out."""
    name = name.strip()
    variants = [name]
    if name.startswith("福州市"):
        variants.append("市" + name.removeprefix("福州市"))
    elif not name.startswith("市"):
        variants.append("市" + name)
    return variants


class Unit(models.Model):
    """An organisation a user works for: the office, a member unit, a district committee, …"""

    class Kind(models.TextChoices):
        COMMITTEE_OFFICE = "office", _("委员会办公室")
        MEMBER = "member", _("成员单位")
        DISTRICT_COMMITTEE = "district", _("县（市）区终身教育促进委员会")
        COMMUNITY_UNIVERSITY = "university", _("社区大学")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind, default=Kind.MEMBER)
    district = models.ForeignKey(
        District,
        verbose_name=_("所属县（市）区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.CheckConstraint(
                name="unit_kind_valid",
                condition=models.Q(kind__in=["office", "member", "district", "university", "other"]),
            ),
            # A district committee belongs to exactly one district; other units to none.
            models.CheckConstraint(
                name="unit_district_iff_district_committee",
                condition=(
                    models.Q(kind="district", district__isnull=False)
                    | (~models.Q(kind="district") & models.Q(district__isnull=True))
                ),
            ),
            models.UniqueConstraint(
                fields=["district"], condition=models.Q(kind="district"), name="one_committee_per_district"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="office"), name="one_committee_office"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_district_committee(self):
        return self.kind == self.Kind.DISTRICT_COMMITTEE


class UnitAlias(models.Model):
    """Another name a notice uses for a unit (市人社局 for 市人力资源和社会保障局). Reference data the
    committee keeps in the admin; the work-plan importer matches names through it, never creating a unit."""

    alias = models.CharField(_("简称或别名"), max_length=100, unique=True)
    name = models.CharField(
        _("单位全称"), max_length=100, help_text=_("与“单位”中的名称完全一致，如 市人力资源和社会保障局")
    )

    class Meta:
        ordering = ["alias"]
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")

    def __str__(self):
        return f"{self.alias} → {self.name}"


class User(AbstractUser):
    """A portal account. Belongs to one unit; what it may do follows from its role groups."""

    class ReminderChannel(models.TextChoices):
        EMAIL = "email", _("邮件和站内通知")
        IN_APP = "in_app", _("仅站内通知")

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    reminder_channel = models.CharField(
        _("提醒方式"),
        max_length=10,
        choices=ReminderChannel,
        default=ReminderChannel.EMAIL,
        help_text=_("站内通知总会保留；选择“邮件和站内通知”时，每天最多收到一封汇总邮件。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="username_unique_ci"),
            models.CheckConstraint(
                name="user_reminder_channel_valid",
                condition=models.Q(reminder_channel__in=["email", "in_app"]),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return self.name or super().get_full_name()

    @cached_property
    def role_names(self):
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role):
        return self.is_active and role in self.role_names

    @property
    def is_committee(self):
        return self.is_superuser or self.has_role(Role.COMMITTEE)

    @property
    def is_unit_liaison(self):
        return self.has_role(Role.UNIT)

    @property
    def is_district(self):
        return self.has_role(Role.DISTRICT)

    @property
    def is_reviewer(self):
        return self.has_role(Role.REVIEWER)

    @property
    def district(self):
        """The district this user speaks for, when their unit is a district committee."""
        if self.unit_id and self.unit.is_district_committee:
            return self.unit.district
        return None

    @property
    def wants_email(self):
        return self.reminder_channel == self.ReminderChannel.EMAIL and bool(self.email)


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


class DigestDelivery(models.Model):
    """The one reminder email a person may get for a day, and how sending it went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

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
                name="digest_status_valid", condition=models.Q(status__in=["pending", "sent", "failed"])
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

    Written through fuzhou_lle.audit.audit_record(), never directly."""

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
