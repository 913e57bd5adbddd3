"""Who may do what with the work plan. Every view and service asks here; nothing else decides.

Rights follow the role and the unit together. The committee edits everything; a unit liaison (role
unit) of a task's lead unit reports (progress and completion), proposes milestones and names the unit's
责任人; a liaison of a supporting unit adds supporting reports; any other signed-in user (a reviewer or a
district whose unit happens to take part, say) only reads; the public sees the overview only. A unit's part
in a task includes the collective phrases (…各成员单位 leads, …其他成员单位配合 supports).
"""

from fuzhou_lle.accounts.permissions import Person, is_committee

from .models import Milestone, ProgressReport, Status, Task, TaskUnit


def can_read(user: Person) -> bool:
    """The staff pages: task list, task page, dashboard, ledger, bulletin."""
    return user.is_authenticated


def can_manage(user: Person) -> bool:
    """Import notices, edit milestones, decide proposals, accept or send back completion reports."""
    return is_committee(user)


def role_in(user: Person, task: Task) -> str | None:
    """The part the user speaks for in the task: their unit's role, for unit liaisons only."""
    if not user.is_authenticated or not user.unit_id or not user.is_unit_liaison:
        return None
    return task.role_of(user.unit)


def report_kinds(user: Person, task: Task) -> list[str]:
    """The kinds of report the user may file on the task; empty when none."""
    if task.closed_on:
        return []
    role = role_in(user, task)
    if role == TaskUnit.Role.LEAD:
        return [ProgressReport.Kind.PROGRESS, ProgressReport.Kind.COMPLETION]
    if role == TaskUnit.Role.SUPPORT:
        return [ProgressReport.Kind.SUPPORT]
    return []


def can_report(user: Person, task: Task) -> bool:
    return bool(report_kinds(user, task))


def can_file(user: Person, task: Task, kind: str) -> bool:
    return kind in report_kinds(user, task)


def can_propose_milestone(user: Person, task: Task) -> bool:
    return not task.closed_on and role_in(user, task) == TaskUnit.Role.LEAD


def can_edit_milestones(user: Person, task: Task) -> bool:
    """Change, complete or decide a task's milestones: the committee, while the task is open. A closed
    (销号) task's milestones are its record and stay as they were."""
    return can_manage(user) and not task.closed_on


def can_add_milestone(user: Person, task: Task) -> bool:
    """The committee adds milestones, a lead unit proposes them; a closed task takes none."""
    return can_edit_milestones(user, task) or can_propose_milestone(user, task)


def can_edit_milestone(user: Person, milestone: Milestone) -> bool:
    """Change, mark done or decide a milestone: the committee, while the task is open."""
    return can_edit_milestones(user, milestone.task)


def can_name_responsible(user: Person, link: TaskUnit) -> bool:
    """The committee, or a liaison of the lead unit itself, names the unit's 责任人 for a task of a published
    plan (a draft is the committee's alone)."""
    if link.role != TaskUnit.Role.LEAD or link.task.closed_on:
        return False
    if link.task.plan.is_draft:
        return can_manage(user)
    return can_manage(user) or (
        user.is_authenticated and user.is_unit_liaison and user.unit_id == link.unit_id
    )


def can_urge(user: Person, task: Task) -> bool:
    """催办: the committee, on an open task that is overdue or due soon (`task` annotated with_status)."""
    return can_manage(user) and not task.closed_on and task.status in (Status.OVERDUE, Status.DUE_SOON)


def can_view_evidence(user: Person, task: Task) -> bool:
    """Evidence may hold names and photographs: the committee and the task's own units' liaisons only."""
    return can_manage(user) or role_in(user, task) is not None
