"""Districts, units and the other names notices use for units."""

import difflib

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class UnitKind(models.TextChoices):
    COMMITTEE_OFFICE = "office", _("委员会办公室")
    MEMBER = "member", _("成员单位")
    DISTRICT_COMMITTEE = "district", _("县（市）区终身教育促进委员会")
    COMMUNITY_UNIVERSITY = "university", _("社区大学")
    OTHER = "other", _("其他")


class Unit(models.Model):
    """An organisation a user works for: the office, a member unit, a district committee, …"""

    Kind = UnitKind

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
                condition=models.Q(kind__in=UnitKind.values),
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
