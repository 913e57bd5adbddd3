from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.files.storage import private_storage, private_upload_to
from fuzhou_lle.units.models import Unit

DUE_SOON_DAYS = 7


def optional_user(label, on_delete=models.PROTECT):
    """A nullable link to the user who did something (imported, closed, proposed)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="+",
    )


def is_member_unit(unit) -> bool:
    """Whether …各成员单位 and …其他成员单位 take in this unit (as Unit.objects.members() does)."""
    return unit.kind in (Unit.Kind.MEMBER, Unit.Kind.COMMUNITY_UNIVERSITY) and unit.is_active


# The groups a collective phrase may name that the portal can resolve to units, and the task's flag for the
# group in each role: 市终身教育促进委员会各成员单位 (members), 各县（市）区 (the district committees).
GROUP_FLAGS = {
    ("members", "lead"): "all_members_lead",
    ("members", "support"): "all_members_support",
    ("districts", "lead"): "districts_lead",
    ("districts", "support"): "districts_support",
}


def unit_groups(unit) -> list[str]:
    """The groups a unit belongs to."""
    if is_member_unit(unit):
        return ["members"]
    if unit.kind == Unit.Kind.DISTRICT_COMMITTEE and unit.is_active:
        return ["districts"]
    return []


def group_units(group):
    return Unit.objects.members() if group == "members" else Unit.objects.district_committees()


def _group_q(unit, roles):
    """Tasks that reach `unit` through a group named in one of `roles`."""
    q = Q(pk__in=[])
    for group in unit_groups(unit):
        for role in roles:
            q |= Q(**{GROUP_FLAGS[group, role]: True})
    return q


class Status(models.TextChoices):
    """A task's standing, derived from its milestones and acceptance; never stored."""

    DONE = "done", _("已销号")
    ON_TRACK = "on_track", _("正常推进")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


class WorkPlanQuerySet(models.QuerySet):
    def current(self):
        """The latest year's plan, or None."""
        return self.order_by("-year").first()

    def published(self):
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        """A draft (imported, not yet published) is for the committee's eyes only."""
        if user.is_authenticated and user.is_committee:
            return self
        return self.published()


class WorkPlan(models.Model):
    """One year's work plan (工作要点) as the committee issued it."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文单位"), max_length=100, blank=True)
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    preamble = models.TextField(_("导语"), blank=True)
    source_name = models.CharField(_("来源文件"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)
    imported_by = optional_user(_("导入人"), on_delete=models.SET_NULL)
    published_at = models.DateTimeField(
        _("发布时间"), null=True, blank=True, help_text=_("未发布的工作要点是草稿，只有委员会办公室能看到")
    )
    published_by = optional_user(_("发布人"), on_delete=models.SET_NULL)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度工作要点")
        verbose_name_plural = _("年度工作要点")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('tasks:overview')}?year={self.year}"

    @property
    def default_due_on(self):
        return date(self.year, 12, 31)

    @property
    def is_draft(self):
        return self.published_at is None

    def previous(self) -> "WorkPlan | None":
        """The plan of the latest earlier year: the one this plan's items carry on."""
        return WorkPlan.objects.filter(year__lt=self.year).order_by("-year").first()

    def publish(self, *, by, at):
        if not self.is_draft:
            raise ValidationError(_("该年度工作要点已经发布。"))
        self.published_at, self.published_by = at, by
        self.save(update_fields=["published_at", "published_by"])


class Section(models.Model):
    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("工作要点"), on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("部分")
        verbose_name_plural = _("部分")
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="section_title_unique_in_plan")]

    def __str__(self):
        return self.title or str(_("（未分部分）"))


class TaskQuerySet(models.QuerySet):
    def with_status(self, today: date):
        """Annotate `next_due` (the earliest open milestone, else the task's own due date) and `status`."""
        open_milestones = Milestone.objects.filter(task=OuterRef("pk")).open().order_by("due_on")
        return self.annotate(
            next_due=Coalesce(Subquery(open_milestones.values("due_on")[:1]), F("due_on")),
        ).annotate(
            status=Case(
                When(closed_on__isnull=False, then=Value(Status.DONE)),
                When(next_due__lt=today, then=Value(Status.OVERDUE)),
                When(next_due__lte=today + timedelta(days=DUE_SOON_DAYS), then=Value(Status.DUE_SOON)),
                default=Value(Status.ON_TRACK),
                output_field=models.CharField(),
            )
        )

    def overdue(self, today: date):
        return self.with_status(today).filter(status=Status.OVERDUE)

    def due_soon(self, today: date):
        return self.with_status(today).filter(status=Status.DUE_SOON)

    def open(self):
        return self.filter(closed_on__isnull=True)

    def published(self):
        return self.filter(plan__published_at__isnull=False)

    def visible_to(self, user):
        """Tasks of the plans the user may see (drafts for the committee only)."""
        return self.filter(plan__in=WorkPlan.objects.visible_to(user))

    def led_by(self, unit):
        """Tasks the unit leads, by name or through a group (各成员单位, 各县（市）区)."""
        named = TaskUnit.objects.filter(task=OuterRef("pk"), unit=unit, role=TaskUnit.Role.LEAD)
        return self.filter(Exists(named) | _group_q(unit, ["lead"]))

    def for_unit(self, unit):
        """Tasks the unit leads or supports, including through a group."""
        named = TaskUnit.objects.filter(task=OuterRef("pk"), unit=unit)
        return self.filter(Exists(named) | _group_q(unit, ["lead", "support"]))

    def for_list(self, today: date):
        """What a list of tasks shows per row, fetched in a fixed number of queries."""
        return (
            self.with_status(today)
            .select_related("section", "plan")
            .prefetch_related(models.Prefetch("task_units", TaskUnit.objects.select_related("unit")))
        )


class Task(models.Model):
    """One item of the plan: its first sentence is the title; its bracket names who leads and supports."""

    if TYPE_CHECKING:
        next_due: date  # on tasks read through TaskQuerySet.with_status
        status: str
        latest_report: list["ProgressReport"]  # prefetched by the ledger and the lists: at most one

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("工作要点"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("部分"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("任务"), max_length=200)
    text = models.TextField(_("全文"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    due_on = models.DateField(_("完成期限"), help_text=_("没有时间节点时以此为准，默认为当年12月31日"))
    number = models.CharField(_("序号"), max_length=20, blank=True, help_text=_("通知中该条的序号"))
    all_members_lead = models.BooleanField(_("全体成员单位牵头"), default=False)
    all_members_support = models.BooleanField(_("其他成员单位配合"), default=False)
    districts_lead = models.BooleanField(_("各县（市）区牵头"), default=False)
    districts_support = models.BooleanField(_("各县（市）区配合"), default=False)
    collective_units = models.JSONField(
        _("统称的责任主体"),
        default=list,
        blank=True,
        help_text=_(
            '通知原文中的统称，如 各有关单位、各县（市）区，按原顺序：[{"name": …, "role": lead|support}]'
        ),
    )
    leaders = models.JSONField(
        _("责任领导"), default=list, blank=True, help_text=_("通知中写明的责任领导姓名")
    )
    deadline_text = models.CharField(
        _("完成时限（原文）"), max_length=200, blank=True, help_text=_("如 2025年6月底、长期坚持")
    )
    and_others = models.BooleanField(_("牵头单位含“等”"), default=False)
    needs_review = models.BooleanField(
        _("待核对"), default=False, help_text=_("通知中该条没有写明牵头单位，请工作人员核对并补充")
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closed_by = optional_user(_("销号人"))
    closing_report = models.ForeignKey(
        "ProgressReport",
        verbose_name=_("销号依据的完成报告"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The day committee staff last pressed 催办: the conditional update in services.task_urge lets one press
    # a day through, whoever presses and however many at once.
    last_urged_on = models.DateField(_("最近催办日期"), null=True, blank=True, editable=False)
    # An item carried on from an earlier year's plan (tasks.carryover): its story runs back through
    # these links.
    continues = models.ForeignKey(
        "self",
        verbose_name=_("延续以前年度的任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        editable=False,
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "section__order", "order"]
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="task_title_unique_in_plan"),
            models.CheckConstraint(
                name="task_closed_with_report",
                condition=Q(closed_on__isnull=True) | Q(closing_report__isnull=False),
            ),
            # A task carries on into at most one task of a later year, and never into itself.
            models.UniqueConstraint(
                fields=["continues"], condition=Q(continues__isnull=False), name="task_continued_once"
            ),
            models.CheckConstraint(
                name="task_continues_another",
                condition=Q(continues__isnull=True) | ~Q(continues=F("pk")),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tasks:detail", args=[self.pk])

    @property
    def status_label(self):
        """The label of the `status` that with_status() annotates."""
        return Status(self.status).label

    def links_in(self, role):
        """The named units' links in one role, from the prefetched task_units."""
        return [link for link in self.task_units.all() if link.role == role]

    @property
    def lead_links(self):
        return self.links_in(TaskUnit.Role.LEAD)

    @property
    def lead_units(self):
        return [link.unit for link in self.lead_links]

    @property
    def supporting_units(self):
        return [link.unit for link in self.links_in(TaskUnit.Role.SUPPORT)]

    def collective_in(self, role):
        """The group phrases in one role as the notice wrote them."""
        return [entry["name"] for entry in self.collective_units if entry.get("role") == role]

    @property
    def collective_lead(self):
        return self.collective_in(TaskUnit.Role.LEAD)

    @property
    def collective_support(self):
        return self.collective_in(TaskUnit.Role.SUPPORT)

    @property
    def lead_label(self):
        """The lead units as the notice words them, for lists and the ledger."""
        names = [unit.name for unit in self.lead_units] + self.collective_in(TaskUnit.Role.LEAD)
        if self.all_members_lead and not self.collective_in(TaskUnit.Role.LEAD):
            names.append(str(_("市终身教育促进委员会各成员单位")))
        return "、".join(names) + ("等" if self.and_others else "")

    @property
    def support_label(self):
        names = [unit.name for unit in self.supporting_units] + self.collective_in(TaskUnit.Role.SUPPORT)
        if self.all_members_support and not self.collective_units:
            names.append(str(_("市终身教育促进委员会其他成员单位")))
        return "、".join(names)

    def role_of(self, unit) -> str | None:
        """'lead', 'support' or None: what the unit is to this task, collective phrases included."""
        if unit is None:
            return None
        for link in self.task_units.all():
            if link.unit_id == unit.pk:
                return link.role
        for role in (TaskUnit.Role.LEAD, TaskUnit.Role.SUPPORT):
            if any(getattr(self, GROUP_FLAGS[group, role]) for group in unit_groups(unit)):
                return role
        return None

    def responsible_users(self) -> list:
        """Who answers for the task: per lead unit, its liaison named as 责任人, else all its liaisons
        (active users in the unit role). A task led only through …各成员单位 answers by every member unit."""
        links = self.links_in(TaskUnit.Role.LEAD)
        units = [link.unit_id for link in links]
        if not links and self.all_members_lead:
            units = list(Unit.objects.members().values_list("pk", flat=True))
        liaisons = User.objects.filter(unit__in=units, is_active=True, groups__name=Role.UNIT).order_by("pk")
        named = {link.unit_id: link.responsible_person for link in links if link.responsible_person}
        found = []
        for unit_id in units:
            of_unit = [user for user in liaisons if user.unit_id == unit_id]
            chosen = [user for user in of_unit if named.get(unit_id) in (user.name, user.get_full_name())]
            found += chosen or of_unit
        return found

    def group_lead_units(self, groups):
        """The units leading through a group; `groups` maps each group to its units, fetched once."""
        return [
            unit
            for group, units in groups.items()
            if getattr(self, GROUP_FLAGS[group, "lead"])
            for unit in units
        ]

    def close(self, *, report, by, on: date):
        """Accept a lead unit's completion report and close (销号) the task."""
        if self.closed_on:
            raise ValidationError(_("该任务已经销号。"))
        if report.task_id != self.pk or report.kind != ProgressReport.Kind.COMPLETION:
            raise ValidationError(_("只能依据本任务牵头单位提交的完成报告销号。"))
        if report.returned_at:
            raise ValidationError(_("该完成报告已被退回，不能据此销号。"))
        self.closed_on, self.closed_by, self.closing_report = on, by, report
        self.full_clean()
        self.save(update_fields=["closed_on", "closed_by", "closing_report"])


class TaskRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    SUPPORT = "support", _("配合单位")


class TaskUnit(models.Model):
    """A unit leading or supporting a task, as the notice names it."""

    Role = TaskRole

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="task_units"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="task_links"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role)
    responsible_person = models.CharField(
        _("责任人"), max_length=50, blank=True, help_text=_("牵头单位指定的责任人姓名")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["task", "role", "order"]
        verbose_name = _("任务单位")
        verbose_name_plural = _("任务单位")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_unit_once"),
            models.CheckConstraint(name="task_unit_role_valid", condition=Q(role__in=TaskRole.values)),
            models.CheckConstraint(
                name="task_unit_responsible_only_for_lead",
                condition=Q(role="lead") | Q(responsible_person=""),
            ),
        ]

    def __str__(self):
        return f"{self.unit}（{self.get_role_display()}）"


class MilestoneQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=Milestone.State.APPROVED)

    def open(self):
        return self.approved().filter(done_on__isnull=True)

    def proposed(self):
        return self.filter(state=Milestone.State.PROPOSED)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def visible_to(self, user):
        """Milestones of the tasks the user may see (a draft plan's for the committee only)."""
        return self.filter(task__plan__in=WorkPlan.objects.visible_to(user))


class MilestoneState(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    APPROVED = "approved", _("已确定")
    REJECTED = "rejected", _("未采纳")


class Milestone(models.Model):
    """A dated step of a task (时间节点); quarterly targets are milestones too."""

    State = MilestoneState

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("节点内容"), max_length=200)
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State, default=State.APPROVED)
    proposed_by = optional_user(_("提出人"))

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["task", "due_on", "pk"]
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        constraints = [
            models.CheckConstraint(
                name="milestone_state_valid", condition=Q(state__in=MilestoneState.values)
            ),
            models.CheckConstraint(
                name="milestone_done_only_when_approved",
                condition=Q(done_on__isnull=True) | Q(state="approved"),
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.due_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("tasks:detail", args=[self.task_id])

    def is_overdue(self, today: date):
        return self.state == self.State.APPROVED and self.done_on is None and self.due_on < today

    def mark_done(self, *, on: date):
        if self.state != self.State.APPROVED:
            raise ValidationError(_("只有已确定的时间节点才能标记完成。"))
        if self.done_on:
            raise ValidationError(_("该时间节点已经完成。"))
        self.done_on = on
        self.save(update_fields=["done_on"])

    def decide(self, *, approve: bool):
        """The committee's answer to a lead unit's proposal."""
        if self.state != self.State.PROPOSED:
            raise ValidationError(_("该时间节点不在待审核状态。"))
        self.state = self.State.APPROVED if approve else self.State.REJECTED
        self.save(update_fields=["state"])


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports on the tasks the user may see (a draft plan's for the committee only)."""
        return self.filter(task__plan__in=WorkPlan.objects.visible_to(user))

    def awaiting_acceptance(self):
        return self.filter(
            kind=ProgressReport.Kind.COMPLETION, task__closed_on__isnull=True, returned_at__isnull=True
        )


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("进展报告")
    SUPPORT = "support", _("配合情况")
    COMPLETION = "completion", _("完成报告（申请销号）")


class ProgressReport(models.Model):
    """What a unit reports on a task. Append-only: never edited, never deleted."""

    Kind = ReportKind

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind, default=Kind.PROGRESS)
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(
        _("完成进度（%）"), default=0, validators=[MaxValueValidator(100, _("完成进度不能超过100%%。"))]
    )
    # The committee's answer to a completion report it does not accept; the report itself stays as filed.
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True, editable=False)
    returned_by = optional_user(_("退回人"))
    return_reason = models.TextField(_("退回原因"), blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        constraints = [
            models.CheckConstraint(name="report_percent_0_100", condition=Q(percent__lte=100)),
            models.CheckConstraint(name="report_kind_valid", condition=Q(kind__in=ReportKind.values)),
        ]

    def __str__(self):
        return f"{self.unit} · {self.task}（{self.created_at:%Y-%m-%d}）"

    RETURN_FIELDS = frozenset({"returned_at", "returned_by", "return_reason"})

    def save(self, *args, **kwargs):
        # What was reported never changes; only the committee's sending back is added to it.
        fields = set(kwargs.get("update_fields") or ())
        if self.pk is not None and not self._state.adding and not (fields and fields <= self.RETURN_FIELDS):
            raise ValidationError(_("进展报告提交后不能修改。"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('tasks:detail', args=[self.task_id])}#report-{self.pk}"

    def send_back(self, *, by, reason: str, now):
        """The committee does not accept a completion report and says why; the unit reports again."""
        if self.kind != self.Kind.COMPLETION or self.returned_at:
            raise ValidationError(_("只能退回尚未处理的完成报告。"))
        if self.task.closed_on:
            raise ValidationError(_("该任务已经销号。"))
        if not reason.strip():
            raise ValidationError(_("请填写退回原因，便于牵头单位补充后重新报告。"))
        self.returned_at, self.returned_by, self.return_reason = now, by, reason.strip()
        self.save(update_fields=sorted(self.RETURN_FIELDS))


class Evidence(models.Model):
    """A file attached to a progress report, kept in private storage and served only after a check."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("进展报告"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=private_upload_to, storage=private_storage, max_length=200)
    name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=100)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tasks:evidence", args=[self.pk])
