"""Portal accounts and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.units.models import Unit


class Role(models.TextChoices):
    """The four kinds of signed-in user. Each is a Group of the same name (created by a migration)."""

    COMMITTEE = "committee", _("委员会办公室")
    UNIT = "unit", _("成员单位联络员")
    DISTRICT = "district", _("县（市）区终身教育促进委员会")
    REVIEWER = "reviewer", _("评审专家")


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("邮件和站内通知")
    IN_APP = "in_app", _("仅站内通知")


class User(AbstractUser):
    """A portal account. Belongs to one unit; what it may do follows from its role groups."""

    ReminderChannel = ReminderChannel

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
                condition=models.Q(reminder_channel__in=ReminderChannel.values),
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
