"""Reads that gather across the plan for supervision: the dashboard's counts, the ledger, the bulletin.

Each runs a fixed number of queries whatever the number of tasks.
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.exports.services import Progress, Spreadsheet, exporter
from fuzhou_lle.files.spreadsheets import safe_cells
from fuzhou_lle.units.models import Unit

from .carryover.story import Step, stories
from .models import (
    GROUP_FLAGS,
    Milestone,
    ProgressReport,
    Section,
    Status,
    Task,
    TaskUnit,
    WorkPlan,
    group_units,
)

HISTORY_LIMIT = 100


def task_history(task: Task) -> list[AuditEvent]:
    """What was done to the task, its milestones and its reports, newest first: who, when, what."""
    return list(
        AuditEvent.objects.about(task, *task.milestones.all(), *task.reports.all())
        .select_related("target_type")
        .order_by("-at", "-pk")[:HISTORY_LIMIT]
    )


OVERVIEW_ROWS = 20


@dataclass
class SectionOverview:
    section: Section
    counts: list[tuple[str, StrOrPromise, int]]  # (status, label, count) in Status order
    total: int
    tasks: list[Task]  # the section's first OVERVIEW_ROWS tasks, in plan order


def plan_overview(plan: WorkPlan, today: date, rows: int = OVERVIEW_ROWS) -> list[SectionOverview]:
    """Each section of the plan with its task counts by status and its first `rows` tasks: four queries,
    and a page whose size does not grow with the plan (the full list is the filtered task list)."""
    tasks = Task.objects.filter(plan=plan)
    counts: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for section_id, status, n in (
        tasks.with_status(today).order_by().values_list("section", "status").annotate(n=Count("pk"))
    ):
        counts[section_id][status] = n
    place = Window(RowNumber(), partition_by=F("section"), order_by=[F("order").asc(), F("pk").asc()])
    first: defaultdict[int, list[Task]] = defaultdict(list)
    for task in tasks.for_list(today).annotate(place=place).filter(place__lte=rows):
        first[task.section_id].append(task)
    return [
        SectionOverview(
            section=section,
            counts=[(status, label, counts[section.pk][status]) for status, label in Status.choices],
            total=counts[section.pk].total(),
            tasks=first[section.pk],
        )
        for section in plan.sections.all()
        if counts[section.pk]
    ]


def plan_statistics(plan: WorkPlan, today: date) -> dict[str, Any]:
    """Task counts by status, by section, and by lead unit and status (collective phrases included)."""
    flags = {group: GROUP_FLAGS[group, "lead"] for group in ("members", "districts")}
    tasks = list(
        Task.objects.filter(plan=plan)
        .with_status(today)
        .values("pk", "status", "section__title", *flags.values())
        .order_by("section__order", "order")
    )
    leads: defaultdict[int, set[int]] = defaultdict(set)
    for link in TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD).values(
        "task_id", "unit_id"
    ):
        leads[link["unit_id"]].add(link["task_id"])
    # Tasks a whole group leads (各成员单位, 各县（市）区) count for each of its units.
    for group, flag in flags.items():
        led = {task["pk"] for task in tasks if task[flag]}
        if led:
            for unit_id in group_units(group).values_list("pk", flat=True):
                leads[unit_id] |= led
    units = Unit.objects.filter(pk__in=list(leads))
    status_of = {task["pk"]: task["status"] for task in tasks}
    by_unit = []
    for unit in units.order_by("order", "name"):
        counts = Counter(status_of[pk] for pk in leads.get(unit.pk, set()) if pk in status_of)
        if counts:
            by_unit.append({"unit": unit.name, **{status: counts[status] for status in Status.values}})
    by_section: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for task in tasks:
        by_section[task["section__title"]][task["status"]] += 1
    by_status = Counter(task["status"] for task in tasks)
    return {
        "total": len(tasks),
        "by_status": [
            {"status": status, "label": str(label), "count": by_status[status]}
            for status, label in Status.choices
        ],
        "by_section": [
            {"section": title or _("（未分部分）"), **{status: counts[status] for status in Status.values}}
            for title, counts in by_section.items()
        ],
        "by_unit": by_unit,
    }


def chart_data(statistics: dict[str, Any]) -> dict[str, Any]:
    """What static/js/tasks.js draws, passed through json_script."""
    return {
        "statuses": [{"key": s, "label": str(label)} for s, label in Status.choices],
        "by_status": [row["count"] for row in statistics["by_status"]],
        "units": [row["unit"] for row in statistics["by_unit"]],
        "by_unit": {s: [row[s] for row in statistics["by_unit"]] for s in Status.values},
    }


def tasks_for_ledger(plans: list[WorkPlan], today: date) -> QuerySet[Task]:
    """Every task of the plans, year by year, with its units and its newest report (a list of at most one)
    prefetched. Unlike a page's for_list, the units are prefetched apart from the links: a plan's thousand
    tasks have thousands of links but only a hundred-odd units, each then made once and shared."""
    return (
        Task.objects.filter(plan__in=plans)
        .with_status(today)
        .select_related("section", "plan")
        .order_by("plan__year", "section__order", "order")
        .prefetch_related(
            "task_units__unit",
            # Only the newest report of each task is shown; the database picks it (a window per task).
            Prefetch("reports", ProgressReport.objects.all()[:1], to_attr="latest_report"),
            "latest_report__unit",
        )
    )


def _milestone_lines(plans: list[WorkPlan]) -> dict[int, list[str]]:
    """Each task's approved milestones as the ledger writes them, made from plain rows: a plan has ten
    times as many milestones as tasks, and as model instances they cost more than the rest of the ledger."""
    lines = defaultdict(list)
    rows = (
        Milestone.objects.approved()
        .filter(task__plan__in=plans)
        .values_list("task_id", "due_on", "title", "done_on")
    )
    done = _("已完成")
    for task_id, due_on, title, done_on in rows:
        line = f"{due_on.isoformat()} {title}"
        lines[task_id].append(f"{line}（{done} {done_on.isoformat()}）" if done_on else line)
    return lines


LEDGER_COLUMNS = [
    (gettext_lazy("序号"), 6),
    (gettext_lazy("部分"), 22),
    (gettext_lazy("任务"), 30),
    (gettext_lazy("牵头单位"), 30),
    (gettext_lazy("配合单位"), 24),
    (gettext_lazy("时间节点"), 40),
    (gettext_lazy("最新进展"), 50),
    (gettext_lazy("状态"), 10),
    (gettext_lazy("历年情况"), 30),
]
YEAR_COLUMN = (gettext_lazy("年度"), 8)


def _ledger_styles() -> list[NamedStyle]:
    # New objects for each workbook: a NamedStyle belongs to the one workbook it is added to.
    return [
        NamedStyle("ledger_title", font=Font(bold=True, size=14)),
        NamedStyle("ledger_header", font=Font(bold=True)),
        NamedStyle("ledger_row", alignment=Alignment(wrap_text=True, vertical="top")),
    ]


def _story_text(story: list[Step]) -> str:
    """An item's years in a cell: 2015年：未完成 → 2016年：已销号."""
    states = [_("已销号") if step.closed_on else _("未完成") for step in story]
    if story and not story[-1].closed_on:
        states[-1] = _("办理中")
    return " → ".join(
        _("%(year)s年：%(state)s") % {"year": step.year, "state": state}
        for step, state in zip(story, states, strict=True)
    )


def ledger_workbook(plans: list[WorkPlan], today: date, progress: Progress | None = None) -> Workbook:
    """The ledger (台账): one row per task, over one plan or several years' (with a year column, oldest
    first), each row with the item's story over the years. Written row by row (write-only) in three named
    styles, so a thousand tasks cost little memory and time. Every cell through safe_cells: titles and
    report text are typed by people, and none may become a formula in the office's spreadsheet.
    `progress(n)` is told how many tasks are written as it goes."""
    workbook = Workbook(write_only=True)
    for style in _ledger_styles():
        workbook.add_named_style(style)
    sheet = workbook.create_sheet(_("工作台账"))
    several = len(plans) > 1
    columns = [YEAR_COLUMN, *LEDGER_COLUMNS] if several else LEDGER_COLUMNS
    for column, (_title, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"
    title = plans[-1].title
    if several:
        title = _("%(first)s—%(last)s年工作要点") % {"first": plans[0].year, "last": plans[-1].year}
    sheet.append(
        safe_cells(sheet, [f"{title} {_('工作台账')}（{_('截至')} {today:%Y-%m-%d}）"], "ledger_title")
    )
    sheet.append(safe_cells(sheet, (title for title, _width in columns), "ledger_header"))
    milestones_of = _milestone_lines(plans)
    tasks = list(tasks_for_ledger(plans, today))
    # The stories reach as far as the reader sees: published years, and the years of this ledger.
    told = stories(tasks, Task.objects.filter(Q(plan__published_at__isnull=False) | Q(plan__in=plans)))
    for index, task in enumerate(tasks, start=1):
        milestones = "\n".join(milestones_of[task.pk])
        latest = task.latest_report[0] if task.latest_report else None
        latest_text = ""
        if latest:
            reported_on = timezone.localtime(latest.created_at)
            latest_text = f"{reported_on:%Y-%m-%d} {latest.unit}：{latest.text}（{latest.percent}%）"
        row = [
            index,
            str(task.section),
            task.title,
            task.lead_label,
            task.support_label,
            milestones,
            latest_text,
            str(Status(task.status).label),
            _story_text(told.get(task.pk, [])),
        ]
        if several:
            row.insert(0, task.plan.year)
        sheet.append(safe_cells(sheet, row, "ledger_row"))
        if progress:
            progress(index)
    return workbook


@exporter
def ledger_export(params: dict[str, Any], progress: Progress) -> Spreadsheet:
    """The ledger as an export: params are the plan's pk, the pks of the earlier plans it also covers
    (`earlier`, none for one year's ledger) and the day it stands at."""
    plan = WorkPlan.objects.get(pk=params["plan"])
    plans = [*WorkPlan.objects.filter(pk__in=params.get("earlier", [])).order_by("year"), plan]
    today = date.fromisoformat(params["today"])
    years = f"{plans[0].year}-{plan.year}" if len(plans) > 1 else str(plan.year)
    filename = _("%(year)s年工作要点台账-%(day)s.xlsx") % {"year": years, "day": f"{today:%Y%m%d}"}
    return Spreadsheet(filename, ledger_workbook(plans, today, progress))


@dataclass
class Bulletin:
    month: date  # the first day
    as_of: date
    statistics: dict[str, Any]
    milestones: list[Milestone]
    reports: list[ProgressReport]
    closed: list[Task]


def month_bulletin(plan: WorkPlan, month: date, today: date) -> Bulletin:
    """The monthly bulletin (通报): standing at the month's end (or today, for this month), what fell due,
    what was reported and what was closed in the month."""
    last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    as_of = min(last, today)
    milestones = list(
        Milestone.objects.approved()
        .filter(task__plan=plan, due_on__range=(month, last))
        .select_related("task")
        .order_by("due_on", "pk")
    )
    reports = list(
        ProgressReport.objects.filter(
            task__plan=plan, created_at__date__gte=month, created_at__date__lte=last
        ).select_related("task", "unit")
    )
    closed = list(plan.tasks.filter(closed_on__range=(month, last)).order_by("closed_on"))
    return Bulletin(
        month=month,
        as_of=as_of,
        statistics=plan_statistics(plan, as_of),
        milestones=milestones,
        reports=reports,
        closed=closed,
    )
