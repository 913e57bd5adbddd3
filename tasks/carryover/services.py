"""The one write of carrying a plan on: staff's confirmed links from this year's items to earlier tasks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record

from .. import permissions
from ..models import Task, WorkPlan


def _label(task: Task | None) -> str | None:
    """How the trail names a linked task: its year and title."""
    return _("%(year)s年：%(title)s") % {"year": task.plan.year, "title": task.title} if task else None


@transaction.atomic
def plan_carryover_save(*, plan: WorkPlan, links: dict[int, int | None], user: User) -> list[Task]:
    """Link each of the plan's tasks named in `links` ({task pk: earlier task pk, or None for no link}) to
    the task it carries on. The earlier task must be of an earlier year and carried on by no other task.
    Returns the tasks whose link changed, each recorded in the audit trail."""
    require(user, permissions.can_manage)
    # Locked, the tasks carried on too: two people linking the same earlier task at once take turns, and the
    # second is told it is taken.
    tasks = (
        Task.objects.select_for_update(of=("self",))
        .select_related("continues__plan")
        .filter(plan=plan)
        .in_bulk()
    )
    earlier = (
        Task.objects.select_for_update(of=("self",))
        .select_related("plan")
        .filter(pk__in=[pk for pk in links.values() if pk], plan__year__lt=plan.year)
        .in_bulk()
    )
    if set(links) - set(tasks):
        raise ValidationError(
            _("所选任务不属于%(year)s年工作要点。") % {"year": plan.year}, code="other_plan"
        )
    chosen = [pk for pk in links.values() if pk]
    if set(chosen) - set(earlier):
        raise ValidationError(_("只能衔接以前年度的任务。"), code="not_earlier")
    if len(set(chosen)) < len(chosen):
        raise ValidationError(_("一项以前年度的任务只能由一项任务延续。"), code="twice")
    taken = Task.objects.filter(continues__in=chosen).exclude(pk__in=list(links))
    if clash := sorted(taken.values_list("continues_id", flat=True)):
        titles = "、".join(earlier[pk].title for pk in clash)
        raise ValidationError(_("以下任务已由其他任务延续：%(titles)s") % {"titles": titles}, code="taken")
    changed = [task for pk, task in tasks.items() if pk in links and task.continues_id != links[pk]]
    before = {task.pk: task.continues for task in changed}
    # Cleared first, then set: two items may swap the tasks they carry on.
    Task.objects.filter(pk__in=[task.pk for task in changed]).update(continues=None)
    for task in changed:
        task.continues = earlier.get(links[task.pk] or 0)
        task.full_clean(validate_constraints=False)  # the constraints are checked above, in Chinese
        task.save(update_fields=["continues"])
        audit_record(
            actor=user,
            action="task.carry",
            label=gettext_lazy("衔接以前年度任务"),
            target=task,
            changes={"continues": [_label(before[task.pk]), _label(task.continues)]},
        )
    return changed
