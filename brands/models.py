"""社区教育品牌 and 终身学习活动品牌: rounds, nominations and the registry of selected brands.

The workflow (states, transitions, review, publicity) is the core's (fuzhou_lle.nominations.workflow);
this module adds what is particular to brands and the foreign keys between this app's models.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.nominations import workflow


class RoundKind(models.TextChoices):
    COMMUNITY = "community", _("社区教育品牌")
    ACTIVITY = "activity", _("终身学习活动品牌")


class Round(workflow.AbstractRound):
    Kind = RoundKind

    kind = models.CharField(_("类别"), max_length=20, choices=Kind, default=Kind.COMMUNITY)

    class Meta(workflow.AbstractRound.Meta):
        verbose_name = _("品牌征集批次")
        verbose_name_plural = _("品牌征集批次")
        constraints = [
            models.CheckConstraint(name="brands_round_kind_valid", condition=Q(kind__in=RoundKind.values)),
            models.UniqueConstraint(fields=["kind", "year", "batch"], name="brands_round_unique_batch"),
        ]


class DistrictQuota(workflow.AbstractDistrictQuota):
    """A district's places in one brands round, where they differ from the default."""


class Criterion(workflow.AbstractCriterion):
    """A scoring criterion of one brands round."""


class BrandNomination(workflow.AbstractNomination):
    class Category(models.TextChoices):
        ELDERLY = "elderly", _("老年教育")
        FAMILY = "family", _("家庭教育")
        WORKERS = "workers", _("职工教育")
        YOUTH = "youth", _("青少年校外教育")
        RURAL = "rural", _("农村社区教育")
        CULTURE = "culture", _("文化艺术与传统文化")
        READING = "reading", _("全民阅读")
        OTHER = "other", _("其他")

    REQUIRED_FOR_SUBMIT = (
        "name",
        "organiser",
        "category",
        "year_started",
        "description",
        "achievements",
        "participants_per_year",
        "contact_name",
        "contact_phone",
    )
    MIN_EVIDENCE = 1

    round = models.ForeignKey(
        Round, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="nominations"
    )
    name = models.CharField(_("品牌名称"), max_length=100)
    organiser = models.CharField(_("主办单位"), max_length=100, blank=True)
    category = models.CharField(_("品牌类别"), max_length=20, choices=Category, blank=True)
    year_started = models.PositiveSmallIntegerField(
        _("创办年份"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    description = models.TextField(_("品牌简介"), max_length=1000, blank=True)
    achievements = models.TextField(_("主要成效"), max_length=1500, blank=True)
    participants_per_year = models.PositiveIntegerField(_("年参与人次"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta(workflow.AbstractNomination.Meta):
        verbose_name = _("品牌推荐")
        verbose_name_plural = _("品牌推荐")
        constraints = [workflow.status_constraint("brands_nomination")]

    def __str__(self):
        return self.name

    @property
    def summary(self):
        return self.description


class Transition(workflow.AbstractTransition):
    nomination = models.ForeignKey(
        BrandNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="transitions"
    )


class Evidence(workflow.AbstractEvidence):
    nomination = models.ForeignKey(
        BrandNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="evidence"
    )


class Assignment(workflow.AbstractAssignment):
    nomination = models.ForeignKey(
        BrandNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="assignments"
    )


class Score(workflow.AbstractScore):
    """One reviewer's score on one criterion of a brands nomination."""


class Objection(workflow.AbstractObjection):
    nomination = models.ForeignKey(
        BrandNomination, verbose_name=_("推荐对象"), on_delete=models.CASCADE, related_name="objections"
    )


class BrandQuerySet(models.QuerySet):
    def listed(self):
        """What the public registry shows: every brand not revoked."""
        return self.exclude(status=Brand.Status.REVOKED)


class BrandStatus(models.TextChoices):
    ACTIVE = "active", _("保持")
    WARNED = "warned", _("警告整改")
    REVOKED = "revoked", _("撤销")


class Brand(models.Model):
    """A selected brand in the registry (品牌库). Revoked brands stay here, out of the public list."""

    Status = BrandStatus

    nomination = models.OneToOneField(
        BrandNomination, verbose_name=_("推荐记录"), on_delete=models.PROTECT, related_name="brand"
    )
    status = models.CharField(_("品牌状态"), max_length=20, choices=Status, default=Status.ACTIVE)
    listed_on = models.DateField(_("命名日期"), default=timezone.localdate)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)

    objects = BrandQuerySet.as_manager()

    class Meta:
        ordering = ["-listed_on", "pk"]
        verbose_name = _("品牌")
        verbose_name_plural = _("品牌库")
        constraints = [
            models.CheckConstraint(
                name="brands_brand_status_valid", condition=Q(status__in=BrandStatus.values)
            )
        ]

    def __str__(self):
        return self.nomination.name

    def get_absolute_url(self):
        return reverse("brands:brand", args=[self.pk])


class InspectionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_on__isnull=True)


class InspectionOutcome(models.TextChoices):
    KEEP = "keep", _("保持")
    WARN = "warn", _("警告整改")
    REVOKE = "revoke", _("撤销")


class Inspection(models.Model):
    """A dynamic inspection (动态检查) of a registered brand: scheduled, then recorded."""

    Outcome = InspectionOutcome

    brand = models.ForeignKey(
        Brand, verbose_name=_("品牌"), on_delete=models.CASCADE, related_name="inspections"
    )
    due_on = models.DateField(_("计划检查日期"))
    done_on = models.DateField(_("检查日期"), null=True, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    findings = models.TextField(_("检查情况"), max_length=2000, blank=True)
    outcome = models.CharField(_("检查结论"), max_length=20, choices=Outcome, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("动态检查")
        verbose_name_plural = _("动态检查")
        constraints = [
            models.CheckConstraint(
                name="brands_inspection_outcome_valid",
                condition=Q(outcome__in=["", *InspectionOutcome.values]),
            ),
            # Done means recorded: a date, findings and an outcome together.
            models.CheckConstraint(
                name="brands_inspection_done_has_outcome",
                condition=Q(done_on__isnull=True, outcome="") | (Q(done_on__isnull=False) & ~Q(outcome="")),
            ),
        ]

    def __str__(self):
        return f"{self.brand} · {self.due_on}"
