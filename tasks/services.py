"""Every write in the work plan: importing a notice, milestones, reports, 责任人, closing (销号) and 催办.

Each service checks the actor (permissions.py), locks the rows two people may change at once, validates, and
records one audit event per change (fuzhou_lle.audit.record), whose action code also decides who is notified.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record, audited
from fuzhou_lle.files.uploads import REPORT_EVIDENCE, check_upload, stored_name
from fuzhou_lle.units.models import Unit

from . import permissions
from .models import Evidence, Milestone, ProgressReport, Section, Task, TaskUnit, WorkPlan
from .notice import DISTRICTS, ParsedNotice, ParsedTask, collective_group

NEW_UNIT = "new"  # a resolution: create the name as a member unit
SKIP_UNIT = "skip"  # a resolution: leave the name out
# What a name in the notice comes to: a unit, or one of the two resolutions above.
Resolved = Unit | str


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
    matched: dict[str, Unit] = field(default_factory=dict)  # {name as written: Unit} if written otherwise
    suggestions: dict[str, list[Unit]] = field(default_factory=dict)  # {unmatched name: close Units}
    skipped: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # table rows the parser could not place


def unit_names(parsed: ParsedNotice) -> list[str]:
    """Every unit name the notice writes, in order of first mention."""
    names: dict[str, None] = {}
    for task in parsed.tasks:
        for name in (*task.lead_units, *task.supporting_units):
            names.setdefault(name, None)
    return list(names)


def _resolved_units(
    parsed: ParsedNotice, resolutions: dict[str, str]
) -> tuple[dict[str, Resolved], list[str]]:
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
        choice = str(resolutions.get(name, ""))
        if choice in (NEW_UNIT, SKIP_UNIT):
            resolved[name] = choice
        elif choice.isdigit() and int(choice) in by_pk:
            resolved[name] = by_pk[int(choice)]
        else:
            undecided.append(name)
    return resolved, undecided


def workplan_preview(*, parsed: ParsedNotice, resolutions: dict[str, str] | None = None) -> ImportSummary:
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


def _leads(task: ParsedTask, resolved: Mapping[str, Resolved]) -> bool:
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
    user: User | None = None,
    resolutions: dict[str, str] | None = None,
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
    tasks = {task.title: task for task in Task.objects.filter(plan=plan)}
    for section_order, parsed_section in enumerate(parsed.sections, start=1):
        section, _created = Section.objects.update_or_create(
            plan=plan, title=parsed_section.title, defaults={"order": section_order}
        )
        for order, parsed_task in enumerate(parsed_section.tasks, start=1):
            task = tasks.get(parsed_task.title) or Task(
                plan=plan, title=parsed_task.title, due_on=plan.default_due_on
            )
            _task_fill(task, parsed_task, section=section, order=order, units=units)
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


def _task_fill(
    task: Task, parsed_task: ParsedTask, *, section: Section, order: int, units: Mapping[str, Resolved]
) -> None:
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
def workplan_publish(*, plan: WorkPlan, user: User | None) -> WorkPlan:
    """Make a draft plan public: the overview, the home page, units' task lists and reminders."""
    if user is not None:
        require(user, permissions.can_manage)
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    with audited(plan, "published_at", actor=user, action="plan.publish", label=gettext_lazy("发布工作要点")):
        plan.publish(by=user, at=timezone.now())
    return plan


def _units_ensure(resolved: dict[str, Resolved]) -> dict[str, Unit]:
    """{name: Unit} for the resolved names, creating those staff chose to create as member units."""
    units: dict[str, Unit] = {}
    for name, resolution in resolved.items():
        if isinstance(resolution, Unit):
            units[name] = resolution
        elif resolution == NEW_UNIT:
            unit = Unit.objects.filter(name=name).first() or Unit(name=name, kind=Unit.Kind.MEMBER)
            unit.full_clean()
            unit.save()
            units[name] = unit
    return units


def _task_units_sync(task: Task, wanted: Sequence[tuple[Unit, str]]) -> None:
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
    *, task: Task, user: User, kind: str, text: str, percent: int, files: Sequence[UploadedFile] = ()
) -> ProgressReport:
    """File a report for the user's unit, with its evidence files saved to private storage."""
    require(user, permissions.can_report, task)
    if not permissions.can_file(user, task, kind):
        raise ValidationError(_("您所在单位不能就此任务提交这类报告。"))
    report = ProgressReport(task=task, unit=user.unit, author=user, kind=kind, text=text, percent=percent)
    report.full_clean()
    # Every file is checked by content before any is written, so a refused file leaves no trace.
    kinds = [check_upload(upload, REPORT_EVIDENCE) for upload in files]
    report.save()
    names = [(upload.name or "")[:255] for upload in files]
    for upload, name, file_kind in zip(files, names, kinds, strict=True):
        evidence = Evidence(report=report, name=name, size=upload.size or 0, content_type=file_kind.mime)
        evidence.file.save(stored_name(file_kind), upload, save=False)
        evidence.full_clean()
        evidence.save()
    audit_record(
        actor=user,
        action="report.create",
        label=gettext_lazy("提交进展报告"),
        target=report,
        changes={
            "kind": [None, report.get_kind_display()],
            "percent": [None, report.percent],
            "evidence": [None, names],
        },
    )
    return report


def _locked_task(task: Task) -> Task:
    """The task re-read under a row lock (its closing and 催办 are decided on it)."""
    return Task.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def taskunit_responsible_set(*, link: TaskUnit, user: User, name: str) -> TaskUnit:
    """Name (or clear) the 责任人 of a lead unit on a task."""
    link = TaskUnit.objects.select_for_update().select_related("task", "unit").get(pk=link.pk)
    require(user, permissions.can_name_responsible, link)
    with audited(
        link,
        "responsible_person",
        actor=user,
        action="taskunit.responsible",
        label=gettext_lazy("指定责任人"),
        note=str(link.unit),
        target=link.task,
        only_changes=True,
    ):
        link.responsible_person = name.strip()
        link.full_clean()
        link.save(update_fields=["responsible_person"])
    return link


MILESTONE_FIELDS = ("title", "due_on", "done_on", "state")


@transaction.atomic
def milestone_create(
    *, task: Task, user: User, title: str, due_on: date, done_on: date | None = None
) -> Milestone:
    """The committee adds a milestone; a lead unit's liaison proposes one for the committee to decide."""
    task = _locked_task(task)
    require(user, permissions.can_add_milestone, task)
    manage = permissions.can_manage(user)
    milestone = Milestone(
        task=task,
        title=title,
        due_on=due_on,
        done_on=done_on if manage else None,
        proposed_by=user,
        state=Milestone.State.APPROVED if manage else Milestone.State.PROPOSED,
    )
    with audited(
        milestone,
        *MILESTONE_FIELDS,
        actor=user,
        action="milestone.create" if manage else "milestone.propose",
        label=gettext_lazy("添加时间节点") if manage else gettext_lazy("建议时间节点"),
        new=True,
    ):
        milestone.full_clean()
        milestone.save()
    return milestone


def _locked_milestone(milestone: Milestone) -> Milestone:
    return Milestone.objects.select_for_update().select_related("task").get(pk=milestone.pk)


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, user: User, title: str, due_on: date, done_on: date | None
) -> Milestone:
    milestone = _locked_milestone(milestone)
    require(user, permissions.can_edit_milestone, milestone)
    with audited(
        milestone,
        *MILESTONE_FIELDS,
        actor=user,
        action="milestone.update",
        label=gettext_lazy("修改时间节点"),
        only_changes=True,
    ):
        milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
        milestone.full_clean()
        milestone.save()
    return milestone


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, user: User, on: date) -> Milestone:
    milestone = _locked_milestone(milestone)
    require(user, permissions.can_edit_milestone, milestone)
    with audited(milestone, "done_on", actor=user, action="milestone.done", label=gettext_lazy("标记完成")):
        milestone.mark_done(on=on)
    return milestone


@transaction.atomic
def milestone_decide(*, milestone: Milestone, user: User, approve: bool) -> Milestone:
    """The committee's answer to a lead unit's proposal."""
    milestone = _locked_milestone(milestone)
    require(user, permissions.can_edit_milestone, milestone)
    with audited(
        milestone,
        "state",
        actor=user,
        action="milestone.approve" if approve else "milestone.reject",
        label=gettext_lazy("采纳时间节点") if approve else gettext_lazy("不采纳时间节点"),
    ):
        milestone.decide(approve=approve)
    return milestone


def _locked_report(report: ProgressReport) -> ProgressReport:
    """The report, with its task locked first (the order every closing takes, so two never deadlock)."""
    _locked_task(report.task)
    return ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)


@transaction.atomic
def report_accept(*, report: ProgressReport, user: User, on: date) -> Task:
    """Accept a lead unit's completion report, and so close (销号) the task."""
    report = _locked_report(report)
    require(user, permissions.can_manage)
    task = report.task
    with audited(task, "closed_on", "closed_by", actor=user, action="task.close", label=gettext_lazy("销号")):
        task.close(report=report, by=user, on=on)
        audit_record(actor=user, action="report.accept", label=gettext_lazy("采纳完成报告"), target=report)
    return task


@transaction.atomic
def report_return(*, report: ProgressReport, user: User, reason: str) -> ProgressReport:
    """Send a completion report back to its unit with the reason; the task stays open."""
    report = _locked_report(report)
    require(user, permissions.can_manage)
    report.send_back(by=user, reason=reason, now=timezone.now())
    audit_record(
        actor=user,
        action="report.return",
        label=gettext_lazy("退回完成报告"),
        target=report,
        note=report.return_reason,
    )
    return report


@transaction.atomic
def task_urge(*, task: Task, user: User, today: date) -> bool:
    """催办: tell the lead units' responsible people at once (the notification table sends it). At most once
    a day per task: the conditional update lets exactly one press a day through, even two at the same
    moment. Returns False, changing nothing, when the task was already urged today."""
    task = Task.objects.with_status(today).prefetch_related("task_units").get(pk=task.pk)
    require(user, permissions.can_urge, task)
    urged = Task.objects.filter(pk=task.pk).exclude(last_urged_on=today).update(last_urged_on=today)
    if not urged:
        return False
    audit_record(
        actor=user,
        action="task.urge",
        label=gettext_lazy("催办"),
        target=task,
        changes={"last_urged_on": [task.last_urged_on, today]},
        note=str(task.status_label),
    )
    return True
