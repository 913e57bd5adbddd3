from django.contrib.auth.models import AbstractUser
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


class User(AbstractUser):
    """A portal account. Belongs to one unit; what it may do follows from its role groups."""

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

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [models.UniqueConstraint(Lower("username"), name="username_unique_ci")]

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
