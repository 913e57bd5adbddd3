"""The work plan's panels on the home page and the "my work" page."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import permissions
from .models import Milestone, ProgressReport, Status, Task, WorkPlan
from .selectors import plan_statistics

PANEL_ROWS = 10


def home(request):
    """The plan's progress in numbers, with a link to the public overview."""
    plan = WorkPlan.objects.published().current()
    if plan is None:
        return None
    statistics = plan_statistics(plan, timezone.localdate())
    return render_to_string(
        "tasks/includes/_panel_home.html", {"plan": plan, "statistics": statistics}, request
    )


def my_work(request):
    """The user's unit's tasks that are overdue or due soon; for the committee, what waits on it."""
    user = request.user
    plan = WorkPlan.objects.published().current()
    if plan is None:
        return None
    tasks, total = [], 0
    if user.unit_id:
        pressing = (
            Task.objects.filter(plan=plan)
            .for_unit(user.unit)
            .with_status(timezone.localdate())
            .filter(status__in=[Status.OVERDUE, Status.DUE_SOON])
        )
        total = pressing.count()
        # The most pressing first; the rest are one link away on the unit's task page.
        tasks = (
            list(pressing.for_list(timezone.localdate()).order_by("next_due", "pk")[:PANEL_ROWS])
            if total
            else []
        )
    committee = {}
    if permissions.can_manage(user):
        committee = {
            "proposals": Milestone.objects.proposed().filter(task__plan=plan).count(),
            "awaiting": ProgressReport.objects.awaiting_acceptance().filter(task__plan=plan).count(),
        }
    if not tasks and not any(committee.values()):
        return None
    rows = [(task, task.role_of(user.unit)) for task in tasks]
    context = {"plan": plan, "rows": rows, "total": total, **committee}
    return render_to_string("tasks/includes/_panel_my_work.html", context, request)
