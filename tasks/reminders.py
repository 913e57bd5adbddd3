"""The work plan's reminder rules: milestones coming due go to the lead units; overdue ones, weekly, to
the lead units and, escalated, to the committee office. Rules only compute; the core's sweep sends."""

from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from fuzhou_lle.reminders.rules import (
    DEFAULT_STEPS,
    Reminder,
    office_users,
    overdue_step,
    register,
    threshold_step,
    users_by_unit,
)
from fuzhou_lle.units.models import Unit

from .models import Milestone, Task, TaskUnit, group_units


def _open_milestones(**filters):
    """Open milestones of open tasks with their task's lead links prefetched."""
    return (
        Milestone.objects.open()
        .filter(task__closed_on__isnull=True, task__plan__published_at__isnull=False, **filters)
        .select_related("task")
        .prefetch_related(
            Prefetch(
                "task__task_units",
                TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("unit"),
            )
        )
        .order_by("due_on", "pk")
    )


def _lead_users(task: Task, groups, users) -> list:
    """The users of the task's lead units, those it reaches through a group (…各成员单位, 各县（市）区)
    included, from `users` (users_by_unit of every unit, fetched once per rule)."""
    units = list(task.lead_units)
    units += [unit for unit in task.group_lead_units(groups) if unit not in units]
    return [user for unit in units for user in users.get(unit.pk, [])]


def _groups():
    return {group: list(group_units(group)) for group in ("members", "districts")}


def _about(milestone, rule, users, step, message):
    for user in users:
        yield Reminder(
            rule=rule,
            target=milestone,
            recipient=user,
            due_on=milestone.due_on,
            step=step,
            message=message,
            url=milestone.get_absolute_url(),
        )


@register
def milestone_due_soon(today: date):
    """7, 3 and 1 days before a milestone's due date, to the users of the task's lead units."""
    groups = _groups()
    users = users_by_unit(Unit.objects.all())  # lead units need not be member units
    horizon = today + timedelta(days=max(DEFAULT_STEPS))
    for milestone in _open_milestones(due_on__gte=today, due_on__lte=horizon):
        step = threshold_step((milestone.due_on - today).days)
        message = _("时间节点“%(title)s”（%(task)s）将于 %(due)s 到期") % {
            "title": milestone.title,
            "task": milestone.task.title,
            "due": milestone.due_on.isoformat(),
        }
        yield from _about(
            milestone, "milestone_due_soon", _lead_users(milestone.task, groups, users), step, message
        )


@register
def milestone_overdue(today: date):
    """Weekly while a milestone is overdue: to the lead units' users and to the committee office's."""
    groups = _groups()
    users = users_by_unit(Unit.objects.all())  # lead units need not be member units
    office = list(office_users())
    step = overdue_step(today)
    for milestone in _open_milestones(due_on__lt=today):
        message = _("时间节点“%(title)s”（%(task)s）已逾期，应于 %(due)s 完成") % {
            "title": milestone.title,
            "task": milestone.task.title,
            "due": milestone.due_on.isoformat(),
        }
        recipients = {user.pk: user for user in _lead_users(milestone.task, groups, users)}
        recipients.update((user.pk, user) for user in office)
        yield from _about(milestone, "milestone_overdue", recipients.values(), step, message)
