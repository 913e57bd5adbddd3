"""An item's story over the years: the tasks it carries on from, itself, and the tasks that carry it on."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ..models import Milestone, ProgressReport, Task, WorkPlan

# Links run from a later year to an earlier one, so a story cannot loop; this only bounds a damaged one.
MAX_YEARS = 50
FIELDS = ("pk", "continues_id", "title", "plan__year", "closed_on")


@dataclass(frozen=True)
class Step:
    pk: int
    year: int
    title: str
    closed_on: date | None


def stories(tasks: Iterable[Task], visible: QuerySet[Task]) -> dict[int, list[Step]]:
    """{task pk: its story, oldest year first} for the tasks that carry on or are carried on; tasks the
    reader may not see (a draft year's) are left out of every story. A query per year walked, whatever the
    number of tasks."""
    rows: dict[int, tuple[int | None, Step]] = {}

    def fetch(query: QuerySet[Task]) -> set[int]:
        found = set()
        for pk, continues_id, title, year, closed_on in query.exclude(pk__in=list(rows)).values_list(*FIELDS):
            rows[pk] = (continues_id, Step(pk, year, title, closed_on))
            found.add(pk)
        return found

    asked = fetch(visible.filter(pk__in=[task.pk for task in tasks]))
    back = {rows[pk][0] for pk in asked} - {None}
    for _year in range(MAX_YEARS):
        if not back:
            break
        back = {rows[pk][0] for pk in fetch(visible.filter(pk__in=back))} - {None}
    forward = set(rows)
    for _year in range(MAX_YEARS):
        forward = fetch(visible.filter(continues_id__in=forward))
        if not forward:
            break
    next_of = {continues_id: pk for pk, (continues_id, _step) in rows.items() if continues_id in rows}
    result = {}
    for pk in asked:
        first = pk
        for _year in range(MAX_YEARS):
            earlier = rows[first][0]
            if earlier not in rows:
                break
            first = earlier
        steps = [rows[first][1]]
        while steps[-1].pk in next_of and len(steps) < MAX_YEARS:
            steps.append(rows[next_of[steps[-1].pk]][1])
        if len(steps) > 1:
            result[pk] = steps
    return result


@dataclass
class Carried:
    """The dashboard's view of a plan across years."""

    continuing: int  # this plan's tasks that carry on an earlier one
    previous_year: int | None
    previous_open: int  # the previous plan's unfinished tasks
    previous_carried: int  # …of which carried into this plan
    shown: list[tuple[Task, list[Step]]]  # the first continuing tasks, with their stories


DASHBOARD_STORIES = 30


def carried_summary(plan: WorkPlan, visible: QuerySet[Task]) -> Carried:
    previous = plan.previous()
    continuing = list(
        visible.filter(plan=plan, continues__isnull=False).order_by("section__order", "order")[
            : DASHBOARD_STORIES + 1
        ]
    )
    told = stories(continuing[:DASHBOARD_STORIES], visible)
    return Carried(
        continuing=visible.filter(plan=plan, continues__isnull=False).count(),
        previous_year=previous.year if previous else None,
        previous_open=previous.tasks.open().count() if previous else 0,
        previous_carried=previous.tasks.open().filter(continued_by__plan=plan).count() if previous else 0,
        shown=[(task, told[task.pk]) for task in continuing[:DASHBOARD_STORIES] if task.pk in told],
    )


@dataclass
class Record:
    """What an earlier year's task left: its milestones and its newest report."""

    milestones: list[Milestone]
    latest: ProgressReport | None


def earlier_records(story: list[Step], current: Task) -> dict[int, Record]:
    """For each step of the story before the current task's year: its approved milestones and newest
    report, so the task's page carries its milestones' history. Two queries."""
    earlier = [step.pk for step in story if step.year < current.plan.year]
    milestones = Milestone.objects.approved().filter(task__in=earlier).order_by("due_on", "pk")
    reports = (
        ProgressReport.objects.filter(task__in=earlier).select_related("unit").order_by("task", "-created_at")
    )
    records = {pk: Record(milestones=[], latest=None) for pk in earlier}
    for milestone in milestones:
        records[milestone.task_id].milestones.append(milestone)
    for report in reports:
        records[report.task_id].latest = records[report.task_id].latest or report
    return records
