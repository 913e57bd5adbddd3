"""Writes in the work plan that span several objects: importing a notice, filing a report with evidence."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.audit import audit_record, diff, snapshot
from fuzhou_lle.models import Unit
from fuzhou_lle.permissions import require
from fuzhou_lle.uploads import REPORT_EVIDENCE, check_upload, stored_name

from . import permissions
from .models import Evidence, ProgressReport, Section, Task, TaskUnit, WorkPlan
from .notice import DISTRICTS, ParsedNotice, collective_group
from .permissions import report_kinds

NEW_UNIT = "new"  # a resolution: create the name as a member unit
SKIP_UNIT = "skip"  # a resolution: leave the name out


@dataclass
class ImportSummary:
    """What importing a parsed notice does or would do."""

    year: int | None
    plan_exists: bool
    created: list[str] = field(default_factory=list)  # task titles
    updated: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # items no unit or known group leads
    new_units: list[str] = field(default_factory=list)  # names staff chose to create
    unmatched: list[str] = field(default_factory=list)  # names matching no unit, not yet decided
    matched: dict = field(default_factory=dict)  # {name as written: Unit} for names written otherwise
    suggestions: dict = field(default_factory=dict)  # {unmatched name: [close Units]}
    skipped: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # table rows the parser could not place


def unit_names(parsed: ParsedNotice) -> list[str]:
    """Every unit name the notice writes, in order of first mention."""
    names = {}
    for task in parsed.tasks:
        for name in (*task.lead_units, *task.supporting_units):
            names.setdefault(name, None)
    return list(names)


def _resolved_units(parsed, resolutions):
    """({name: Unit | NEW_UNIT | SKIP_UNIT}, [names still undecided]) under staff's resolutions
    ({name: unit pk | NEW_UNIT | SKIP_UNIT})."""
    names = unit_names(parsed)
    resolved = Unit.objects.matching(names)
    chosen = {int(v) for v in resolutions.values() if str(v).isdigit()}
    by_pk = Unit.objects.in_bulk(chosen)
    undecided = []
    for name in names:
        if name in resolved:
            continue
        choice = resolutions.get(name)
        if choice in (NEW_UNIT, SKIP_UNIT):
            resolved[name] = choice
        elif str(choice).isdigit() and int(choice) in by_pk:
            resolved[name] = by_pk[int(choice)]
        else:
            undecided.append(name)
    return resolved, undecided


def workplan_preview(*, parsed: ParsedNotice, resolutions: dict | None = None) -> ImportSummary:
    """What workplan_import would create and update, computed without writing anything."""
    plan = WorkPlan.objects.filter(year=parsed.year).first() if parsed.year else None
    existing = set(plan.tasks.values_list("title", flat=True)) if plan else set()
    resolved, undecided = _resolved_units(parsed, resolutions or {})
    summary = ImportSummary(
        year=parsed.year,
        plan_exists=plan is not None,
        new_units=[name for name, unit in resolved.items() if unit == NEW_UNIT],
        skipped=[name for name, unit in resolved.items() if unit == SKIP_UNIT],
        unmatched=undecided,
        matched={n: u for n, u in resolved.items() if isinstance(u, Unit) and u.name != n},
        suggestions={name: Unit.objects.closest(name) for name in undecided},
        unplaced=list(parsed.unplaced),
    )
    for task in parsed.tasks:
        (summary.updated if task.title in existing else summary.created).append(task.title)
        if not _leads(task, resolved):
            summary.flagged.append(task.title)
    return summary


def _leads(task, resolved) -> bool:
    """Whether a unit or a known group leads the task once names are resolved."""
    named = any(
        isinstance(resolved.get(name), Unit) or resolved.get(name) == NEW_UNIT for name in task.lead_units
    )
    return named or any(e["role"] == "lead" and collective_group(e["name"]) for e in task.collective_units)


@transaction.atomic
def workplan_import(
    *,
    parsed: ParsedNotice,
    source_name: str,
    user=None,
    resolutions: dict | None = None,
    create_units: bool = False,
) -> tuple[WorkPlan, ImportSummary]:
    """Create or update the plan of the notice's year; a new plan is a draft until published. Importing the
    same notice again updates, never duplicates; tasks that have since left the notice stay, since reports
    may hang on them. Unit names must each match a unit or be resolved by staff (resolutions, or
    create_units for the command line); otherwise nothing is written. `user` None is the system."""
    if user is not None:
        require(user, permissions.can_manage)
    if parsed.year is None:
        raise ValidationError(_("无法从通知中确定年度，请指定年度后再导入。"))
    repeated = [title for title, n in Counter(t.title for t in parsed.tasks).items() if n > 1]
    if repeated:
        raise ValidationError(
            _("通知中有标题相同的条目，无法区分：%(titles)s") % {"titles": "、".join(repeated)}
        )
    resolutions = dict(resolutions or {})
    if create_units:
        resolutions.update(dict.fromkeys(_resolved_units(parsed, resolutions)[1], NEW_UNIT))
    summary = workplan_preview(parsed=parsed, resolutions=resolutions)
    if summary.unmatched:
        raise ValidationError(
            _("以下单位名称未能匹配到已有单位，请逐一确认（匹配为已有单位、新建或不导入）：%(names)s")
            % {"names": "、".join(summary.unmatched)}
        )
    plan = WorkPlan.objects.select_for_update().filter(year=parsed.year).first() or WorkPlan(year=parsed.year)
    tasks_before = plan.tasks.count() if plan.pk else 0
    plan.title = parsed.title
    plan.issuer = parsed.issuer
    plan.issued_on = parsed.issued_on
    plan.document_number = parsed.document_number
    plan.preamble = parsed.preamble
    plan.source_name = source_name[:255]
    plan.imported_by = user
    plan.full_clean()
    plan.save()
    units = _units_ensure(_resolved_units(parsed, resolutions)[0])
    tasks = {task.title: task for task in plan.tasks.all()}
    for section_order, parsed_section in enumerate(parsed.sections, start=1):
        section, _created = Section.objects.update_or_create(
            plan=plan, title=parsed_section.title, defaults={"order": section_order}
        )
        for order, parsed_task in enumerate(parsed_section.tasks, start=1):
            task = tasks.get(parsed_task.title) or Task(
                plan=plan, title=parsed_task.title, due_on=plan.default_due_on
            )
            _task_fill(task, parsed_task, section=section, order=order, units=units)
            task._history_user = user
            task.full_clean()
            task.save()
            _task_units_sync(
                task,
                [(units[name], TaskUnit.Role.LEAD) for name in parsed_task.lead_units if name in units]
                + [
                    (units[name], TaskUnit.Role.SUPPORT)
                    for name in parsed_task.supporting_units
                    if name in units and units[name] not in [units.get(n) for n in parsed_task.lead_units]
                ],
            )
    audit_record(
        actor=user,
        action="plan.import",
        label=gettext_lazy("导入工作要点"),
        target=plan,
        changes={"tasks": [tasks_before, plan.tasks.count()]},
        note=_("来源文件：%(source)s；新建 %(created)d 项，更新 %(updated)d 项；新建单位：%(units)s")
        % {
            "source": source_name,
            "created": len(summary.created),
            "updated": len(summary.updated),
            "units": "、".join(summary.new_units) or _("无"),
        },
    )
    return plan, summary


def _task_fill(task, parsed_task, *, section, order, units):
    task.section = section
    task.text = parsed_task.text
    task.order = order
    task.number = parsed_task.number[:20]
    task.all_members_lead = parsed_task.all_members_lead
    task.all_members_support = parsed_task.all_members_support
    groups = {(collective_group(e["name"]), e["role"]) for e in parsed_task.collective_units}
    task.districts_lead = (DISTRICTS, "lead") in groups
    task.districts_support = (DISTRICTS, "support") in groups
    task.collective_units = parsed_task.collective_units
    task.leaders = parsed_task.leaders
    task.deadline_text = parsed_task.deadline[:200]
    if parsed_task.due:
        task.due_on = parsed_task.due
    task.and_others = parsed_task.and_others
    task.needs_review = not _leads(parsed_task, units)


@transaction.atomic
def workplan_publish(*, plan: WorkPlan, user) -> WorkPlan:
    """Make a draft plan public: the overview, the home page, units' task lists and reminders."""
    if user is not None:
        require(user, permissions.can_manage)
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    before = snapshot(plan, "published_at")
    plan.publish(by=user, at=timezone.now())
    audit_record(
        actor=user,
        action="plan.publish",
        label=gettext_lazy("发布工作要点"),
        target=plan,
        changes=diff(before, snapshot(plan, "published_at")),
    )
    return plan


def _units_ensure(resolved):
    """{name: Unit} for the resolved names, creating those staff chose to create as member units."""
    units = {}
    for name, unit in resolved.items():
        if unit == NEW_UNIT:
            unit = Unit.objects.filter(name=name).first() or Unit(name=name, kind=Unit.Kind.MEMBER)
            unit.full_clean()
            unit.save()
        if unit != SKIP_UNIT:
            units[name] = unit
    return units


def _task_units_sync(task, wanted):
    """Make the task's units exactly `wanted` [(unit, role)], keeping the 责任人 of a lead unit that stays."""
    links = {link.unit_id: link for link in task.task_units.all()}
    keep = {unit.pk for unit, _role in wanted}
    task.task_units.exclude(unit_id__in=keep).delete()
    seen = set()
    for order, (unit, role) in enumerate(wanted, start=1):
        if unit.pk in seen:  # two names resolved to one unit
            continue
        seen.add(unit.pk)
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
