"""Who may do what with the work plan. Every view asks here; nothing else decides.

The committee edits everything; a lead unit's users report (progress and completion) and propose
milestones; a supporting unit's users add supporting reports; any other signed-in user reads; the public
sees the overview only. A unit's part in a task includes the collective phrases (…各成员单位 leads,
…其他成员单位配合 supports).
"""

from fuzhou_lle.permissions import is_committee

from .models import ProgressReport, TaskUnit


def can_read(user) -> bool:
    """The staff pages: task list, task page, dashboard, ledger, bulletin."""
    return user.is_authenticated


def can_manage(user) -> bool:
    """Import notices, edit milestones, decide proposals, accept completion reports."""
    return is_committee(user)


def role_in(user, task) -> str | None:
    if not user.is_authenticated or not user.unit_id:
        return None
    return task.role_of(user.unit)


def report_kinds(user, task) -> list[str]:
    """The kinds of report the user may file on the task; empty when none."""
    if task.closed_on:
        return []
    role = role_in(user, task)
    if role == TaskUnit.Role.LEAD:
        return [ProgressReport.Kind.PROGRESS, ProgressReport.Kind.COMPLETION]
    if role == TaskUnit.Role.SUPPORT:
        return [ProgressReport.Kind.SUPPORT]
    return []


def can_report(user, task) -> bool:
    return bool(report_kinds(user, task))


def can_propose_milestone(user, task) -> bool:
    return not task.closed_on and role_in(user, task) == TaskUnit.Role.LEAD


def can_edit_milestones(user, task) -> bool:
    """Change, complete or decide a task's milestones: the committee, while the task is open. A closed
    (销号) task's milestones are its record and stay as they were."""
    return can_manage(user) and not task.closed_on


def can_add_milestone(user, task) -> bool:
    return can_edit_milestones(user, task) or can_propose_milestone(user, task)


def can_name_responsible(user, link) -> bool:
    """The committee, or the lead unit itself, names the unit's 责任人 for a task."""
    if link.role != TaskUnit.Role.LEAD or link.task.closed_on:
        return False
    return can_manage(user) or (user.is_authenticated and user.unit_id == link.unit_id)


def can_view_evidence(user, task) -> bool:
    """Evidence may hold names and photographs: the committee and the task's own units only."""
    return can_manage(user) or role_in(user, task) is not None
