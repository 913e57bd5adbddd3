"""The nomination workflow shared by brands/ and awards/: abstract models, states and transition rules.

Each app subclasses these models and adds its own foreign keys to its own models, with the related
names the shared services and views rely on:

    Round        <- DistrictQuota.round       (related_name="quotas")
    Round        <- Criterion.round           (related_name="criteria")
    Round        <- <Nomination>.round        (related_name="nominations")
    <Nomination> <- Transition.nomination     (related_name="transitions")
    <Nomination> <- Evidence.nomination       (related_name="evidence")
    <Nomination> <- Assignment.nomination     (related_name="assignments")
    <Nomination> <- Objection.nomination      (related_name="objections")
    Assignment   <- Score.assignment          (related_name="scores"), Criterion <- Score.criterion

The abstract models have no table, so the core has no migrations for them; each app has its own.
"""

from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.models import User
from fuzhou_lle.files.storage import private_storage, private_upload_to
from fuzhou_lle.units.models import District

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("退回修改")
    UNDER_REVIEW = "under_review", _("评审中")
    SHORTLISTED = "shortlisted", _("入围")
    IN_PUBLICITY = "in_publicity", _("公示中")
    SELECTED = "selected", _("入选")
    NOT_SELECTED = "not_selected", _("未入选")


# Which state may follow which. Every change of state goes through services.nomination_* and is logged.
TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.RETURNED, Status.UNDER_REVIEW},
    Status.RETURNED: {Status.SUBMITTED},
    Status.UNDER_REVIEW: {Status.SHORTLISTED, Status.NOT_SELECTED},
    Status.SHORTLISTED: {Status.IN_PUBLICITY, Status.NOT_SELECTED},
    Status.IN_PUBLICITY: {Status.SELECTED, Status.NOT_SELECTED},
    Status.SELECTED: set(),
    Status.NOT_SELECTED: set(),
}

# A district may change its nomination only in these states.
EDITABLE = {Status.DRAFT, Status.RETURNED}
# States that use up one of the district's places in the round.
COUNTS_TOWARDS_QUOTA = set(Status) - {Status.DRAFT}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS[Status(from_status)]


def status_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(name=f"{model_name}_status_valid", condition=Q(status__in=Status.values))


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    NATION = "nation", _("国家级")


class Outcome(models.TextChoices):
    NONE = "", _("未推荐")
    RECOMMENDED = "recommended", _("已推荐，待结果")
    APPROVED = "approved", _("获评")
    NOT_APPROVED = "not_approved", _("未获评")


class Phase(models.TextChoices):
    """Where a round stands, derived from its dates (never stored)."""

    UPCOMING = "upcoming", _("尚未开始")
    OPEN = "open", _("征集中")
    REVIEW = "review", _("审核评审中")
    PUBLICITY = "publicity", _("公示中")
    PUBLISHED = "published", _("结果已公布")


class RoundQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now, results_published_at__isnull=True)

    def in_publicity(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            publicity_starts_on__lte=today, publicity_ends_on__gte=today, results_published_at__isnull=True
        )


class AbstractRound(models.Model):
    """A call for nominations (征集/推选批次). Concrete rounds add `kind`."""

    if TYPE_CHECKING:  # what each kind's own models add (the related names in this module's docstring)
        nominations: "NominationQuerySet"
        criteria: "RelatedManager[AbstractCriterion]"
        quotas: "RelatedManager[AbstractDistrictQuota]"

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    batch = models.CharField(_("批次"), max_length=20, help_text=_("如：第二批"))
    title = models.CharField(_("标题"), max_length=200)
    call_text = models.TextField(_("征集通知"), blank=True)
    opens_at = models.DateTimeField(_("开始报送时间"))
    closes_at = models.DateTimeField(_("截止报送时间"))
    default_quota = models.PositiveSmallIntegerField(
        _("每区默认名额"), default=2, help_text=_("每个县（市）区最多可报送的数量；个别区可在下方单独设置")
    )
    publicity_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-year", "-opens_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:round_detail", args=[self.pk])

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})
        if (self.publicity_starts_on is None) != (self.publicity_ends_on is None):
            raise ValidationError({"publicity_ends_on": _("公示开始和结束日期需同时填写。")})
        if self.publicity_starts_on and self.publicity_ends_on < self.publicity_starts_on:
            raise ValidationError({"publicity_ends_on": _("公示结束日期不能早于开始日期。")})

    def unique_error_message(self, model_class, unique_check):
        # Concrete rounds are unique on (kind, year, batch); say so in the committee's words.
        if set(unique_check) == {"kind", "year", "batch"}:
            return ValidationError(
                _("%(year)s年“%(kind)s”已有“%(batch)s”，请换一个批次名称或修改原批次。")
                % {"year": self.year, "kind": self.get_kind_display(), "batch": self.batch},
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)

    def phase(self, now=None):
        now = now or timezone.now()
        if self.results_published_at:
            return Phase.PUBLISHED
        if now < self.opens_at:
            return Phase.UPCOMING
        if now < self.closes_at:
            return Phase.OPEN
        if self.publicity_open(timezone.localdate(now)):
            return Phase.PUBLICITY
        return Phase.REVIEW

    def is_open(self, now=None):
        return self.phase(now) == Phase.OPEN

    def publicity_open(self, today=None):
        today = today or timezone.localdate()
        return bool(
            self.publicity_starts_on
            and self.publicity_starts_on <= today <= self.publicity_ends_on
            and not self.results_published_at
        )

    def quota_for(self, district):
        """The places `district` has in this round: its override, else the default."""
        override = next((q.quota for q in self.quotas.all() if q.district_id == district.pk), None)
        return self.default_quota if override is None else override

    def places_for(self, district, *, excluding=None) -> "Places":
        """`district`'s places in this round: how many, how many its nominations take (every one
        submitted, whatever became of it; drafts take none), how many are left. `excluding` leaves out
        the nomination about to be (re)submitted."""
        taken = self.nominations.counting_towards_quota().filter(district=district)
        if excluding is not None:
            taken = taken.exclude(pk=excluding.pk)
        quota, used = self.quota_for(district), taken.count()
        return Places(quota=quota, used=used, left=max(quota - used, 0))


class Places(NamedTuple):
    quota: int
    used: int
    left: int


class AbstractDistrictQuota(models.Model):
    """A district's places in one round when they differ from the round's default."""

    if TYPE_CHECKING:
        round: AbstractRound

    # "Round" and the other bare model names below resolve in the concrete model's own app.
    round = models.ForeignKey(
        "Round", verbose_name=_("批次"), on_delete=models.CASCADE, related_name="quotas"
    )
    district = models.ForeignKey(
        District, verbose_name=_("县（市）区"), on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveSmallIntegerField(_("名额"))

    class Meta:
        abstract = True
        verbose_name = _("名额调整")
        verbose_name_plural = _("名额调整")
        constraints = [
            models.UniqueConstraint(fields=["round", "district"], name="%(app_label)s_quota_unique")
        ]

    def __str__(self):
        return f"{self.district}：{self.quota}"


class AbstractCriterion(models.Model):
    if TYPE_CHECKING:
        round: AbstractRound

    round = models.ForeignKey(
        "Round", verbose_name=_("批次"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("评审指标"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    max_score = models.PositiveSmallIntegerField(_("满分"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
        verbose_name = _("评审指标")
        verbose_name_plural = _("评审指标")

    def __str__(self):
        return f"{self.name}（{self.max_score}分）"


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Committee: all. District: its own district's. Reviewer: those assigned to them, never their
        own district's. Anyone else: none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_committee:
            return self.all()
        if user.is_district and user.district:
            return self.filter(district=user.district)
        if user.is_reviewer:
            visible = self.filter(assignments__reviewer=user)
            if user.district:
                visible = visible.exclude(district=user.district)
            return visible
        return self.none()

    def counting_towards_quota(self):
        return self.filter(status__in=COUNTS_TOWARDS_QUOTA)

    def public(self):
        return self.filter(status=Status.SELECTED, round__results_published_at__isnull=False)


class AbstractNomination(models.Model):
    """What every nomination has, whatever it nominates. Concrete models add `round` and their fields,
    and list in REQUIRED_FOR_SUBMIT the fields that must be filled before submitting."""

    if TYPE_CHECKING:
        round: AbstractRound
        round_id: int
        transitions: "RelatedManager[AbstractTransition]"
        evidence: "RelatedManager[AbstractEvidence]"
        assignments: "AssignmentQuerySet"
        objections: "RelatedManager[AbstractObjection]"

    REQUIRED_FOR_SUBMIT: tuple[str, ...] = ()
    # At least this many evidence files before submitting.
    MIN_EVIDENCE = 0

    district = models.ForeignKey(
        District,
        verbose_name=_("县（市）区"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_nominations",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status, default=Status.DRAFT)
    return_reason = models.TextField(_("退回原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    province_outcome = models.CharField(
        _("推荐省级"), max_length=20, choices=Outcome, default=Outcome.NONE, blank=True
    )
    nation_outcome = models.CharField(
        _("推荐国家级"), max_length=20, choices=Outcome, default=Outcome.NONE, blank=True
    )
    reward_amount = models.DecimalField(
        _("专项奖励经费（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["district__order", "pk"]

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:nomination_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in EDITABLE

    def missing_for_submit(self) -> list[str]:
        """Labels of what must still be filled in before the nomination can be submitted."""
        missing = [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED_FOR_SUBMIT
            if getattr(self, name) in (None, "", False)
        ]
        if self.MIN_EVIDENCE and self.evidence.count() < self.MIN_EVIDENCE:
            missing.append(str(_("证明材料")))
        return missing

    def outcome_field(self, level):
        return f"{Level(level)}_outcome"


class AbstractTransition(models.Model):
    """One change of a nomination's state: who, when, from, to, and why."""

    if TYPE_CHECKING:
        nomination: AbstractNomination

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AbstractEvidence(models.Model):
    """An uploaded file, stored in private storage under a generated name; served only by a view."""

    if TYPE_CHECKING:
        nomination: AbstractNomination

    file = models.FileField(_("文件"), storage=private_storage, upload_to=private_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:evidence", args=[self.pk])


class AssignmentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(completed_at__isnull=True)


class AbstractAssignment(models.Model):
    """A reviewer asked to score one nomination."""

    if TYPE_CHECKING:
        nomination: AbstractNomination
        nomination_id: int
        scores: "RelatedManager[AbstractScore]"

    reviewer = models.ForeignKey(User, verbose_name=_("评审专家"), on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        User, verbose_name=_("分配人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    due_on = models.DateField(_("评审截止日期"))
    completed_at = models.DateTimeField(_("完成评分时间"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["due_on", "pk"]
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "reviewer"], name="%(app_label)s_assignment_unique")
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.nomination}"

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:score", args=[self.pk])


class AbstractScore(models.Model):
    assignment = models.ForeignKey(
        "Assignment", verbose_name=_("评审分配"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey("Criterion", verbose_name=_("评审指标"), on_delete=models.PROTECT)
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        abstract = True
        ordering = ["criterion__order", "pk"]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="%(app_label)s_score_unique"),
            models.CheckConstraint(name="%(app_label)s_score_not_negative", condition=models.Q(value__gte=0)),
        ]

    def __str__(self):
        return f"{self.criterion.name}：{self.value}"

    def clean(self):
        if self.value is not None and self.value > self.criterion.max_score:
            raise ValidationError(
                {
                    "value": _("“%(name)s”的得分不能超过满分 %(max)s 分。")
                    % {"name": self.criterion.name, "max": self.criterion.max_score}
                }
            )


class AbstractObjection(models.Model):
    """An objection from the public during the publicity window (公示期异议)."""

    if TYPE_CHECKING:
        nomination: AbstractNomination

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, help_text=_("电话或邮箱，便于核实回复"))
    content = models.TextField(_("异议内容"), max_length=2000)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    def __str__(self):
        return f"{self.nomination} · {self.created_at:%Y-%m-%d}"
