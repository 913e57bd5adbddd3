"""Writes in the work plan that span several objects: importing a notice, filing a report with evidence."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.audit import audit_record
from fuzhou_lle.models import Unit
from fuzhou_lle.uploads import REPORT_EVIDENCE, check_upload, stored_name

from .models import Evidence, Milestone, ProgressReport, Section, Task, TaskUnit, WorkPlan
from .notice import ParsedNotice
from .permissions import report_kinds


@dataclass
class ImportSummary:
    """What importing a parsed notice does or would do."""

    year: int | None
    plan_exists: bool
    created: list[str] = field(default_factory=list)  # task titles
    updated: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # items without a usable bracket
    new_units: list[str] = field(default_factory=list)


def workplan_preview(*, parsed: ParsedNotice) -> ImportSummary:
    """What workplan_import would create and update, computed without writing anything."""
    plan = WorkPlan.objects.filter(year=parsed.year).first() if parsed.year else None
    existing = set(plan.tasks.values_list("title", flat=True)) if plan else set()
    names = _unit_names(parsed)
    known = set(Unit.objects.filter(name__in=names).values_list("name", flat=True))
    summary = ImportSummary(
        year=parsed.year, plan_exists=plan is not None, new_units=[n for n in names if n not in known]
    )
    for task in parsed.tasks:
        (summary.updated if task.title in existing else summary.created).append(task.title)
        if task.needs_review:
            summary.flagged.append(task.title)
    return summary


@transaction.atomic
def workplan_import(*, parsed: ParsedNotice, source_name: str, user=None) -> tuple[WorkPlan, ImportSummary]:
    """Create or update the plan of the notice's year. Importing the same notice again updates, never
    duplicates; tasks that have since left the notice stay, since reports may hang on them."""
    if parsed.year is None:
        raise ValidationError(_("无法从通知中确定年度，请指定年度后再导入。"))
    repeated = [title for title, n in Counter(t.title for t in parsed.tasks).items() if n > 1]
    if repeated:
        raise ValidationError(
            _("通知中有标题相同的条目，无法区分：%(titles)s") % {"titles": "、".join(repeated)}
        )
    summary = workplan_preview(parsed=parsed)
    plan = WorkPlan.objects.filter(year=parsed.year).first() or WorkPlan(year=parsed.year)
    plan.title = parsed.title
    plan.issuer = parsed.issuer
    plan.issued_on = parsed.issued_on
    plan.document_number = parsed.document_number
    plan.preamble = parsed.preamble
    plan.source_name = source_name[:255]
    plan.imported_by = user
    plan.full_clean()
    plan.save()
    units = _units_ensure(_unit_names(parsed))
    tasks = {task.title: task for task in plan.tasks.all()}
    for section_order, parsed_section in enumerate(parsed.sections, start=1):
        section, _created = Section.objects.update_or_create(
            plan=plan, title=parsed_section.title, defaults={"order": section_order}
        )
        for order, parsed_task in enumerate(parsed_section.tasks, start=1):
            task = tasks.get(parsed_task.title) or Task(
                plan=plan, title=parsed_task.title, due_on=plan.default_due_on
            )
            task.section = section
            task.text = parsed_task.text
            task.order = order
            task.all_members_lead = parsed_task.all_members_lead
            task.all_members_support = parsed_task.all_members_support
            task.and_others = parsed_task.and_others
            task.needs_review = parsed_task.needs_review
            task._history_user = user
            task.full_clean()
            task.save()
            _task_units_sync(
                task,
                [(units[name], TaskUnit.Role.LEAD) for name in parsed_task.lead_units]
                + [(units[name], TaskUnit.Role.SUPPORT) for name in parsed_task.supporting_units],
            )
    return plan, summary


def _unit_names(parsed):
    names = {}
    for task in parsed.tasks:
        for name in (*task.lead_units, *task.supporting_units):
            names.setdefault(name, None)
    return list(names)


def _units_ensure(names):
    """The units by name; those named for the first time become member units."""
    units = {unit.name: unit for unit in Unit.objects.filter(name__in=names)}
    for name in names:
        if name not in units:
            unit = Unit(name=name, kind=Unit.Kind.MEMBER)
            unit.full_clean()
            unit.save()
            units[name] = unit
    return units


def _task_units_sync(task, wanted):
    """Make the task's units exactly `wanted` [(unit, role)], keeping the 责任人 of a lead unit that stays."""
    links = {link.unit_id: link for link in task.task_units.all()}
    keep = {unit.pk for unit, _role in wanted}
    task.task_units.exclude(unit_id__in=keep).delete()
    for order, (unit, role) in enumerate(wanted, start=1):
        link = links.get(unit.pk) or TaskUnit(task=task, unit=unit)
        if link.role != role and role == TaskUnit.Role.SUPPORT:
            link.responsible_person = ""
        link.role, link.order = role, order
        link.full_clean()
        link.save()


@transaction.atomic
def progress_report_create(
    *, task: Task, user, kind: str, text: str, percent: int, files=()
) -> ProgressReport:
    """File a report for the user's unit, with its evidence files saved to private storage."""
    if kind not in report_kinds(user, task):
        raise ValidationError(_("您所在单位不能就此任务提交这类报告。"))
    report = ProgressReport(task=task, unit=user.unit, author=user, kind=kind, text=text, percent=percent)
    report.full_clean()
    # Every file is checked by content before any is written, so a refused file leaves no trace.
    kinds = [check_upload(upload, REPORT_EVIDENCE) for upload in files]
    report.save()
    for upload, file_kind in zip(files, kinds, strict=True):
        evidence = Evidence(
            report=report, name=upload.name[:255], size=upload.size, content_type=file_kind.mime
        )
        evidence.file.save(stored_name(file_kind), upload, save=False)
        evidence.full_clean()
        evidence.save()
    return report


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, user, today) -> Milestone:
    milestone.mark_done(on=today)
    audit_record(actor=user, action="milestone.done", label=gettext_lazy("标记完成"), target=milestone)
    return milestone


@transaction.atomic
def task_close(*, report: ProgressReport, user, today) -> Task:
    """Accept a completion report and so close (销号) its task."""
    report.task.close(report=report, by=user, on=today)
    audit_record(actor=user, action="task.close", label=gettext_lazy("销号"), target=report.task)
    return report.task
