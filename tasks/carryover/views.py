from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require

from .. import permissions
from ..models import Task, WorkPlan
from .forms import CarryoverForm
from .services import plan_carryover_save


@login_required
def carryover(request: HttpRequest, year: int) -> HttpResponse:
    """衔接上年度: this year's items against last year's unfinished tasks, the closest suggested; staff
    confirm each link by saving."""
    require(request.user, permissions.can_manage, hidden=True)
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), year=year)
    previous = plan.previous()
    tasks = list(plan.tasks.select_related("section", "continues").order_by("section__order", "order"))
    candidates = list(previous.tasks.open()) if previous else []
    form = CarryoverForm(request.POST or None, tasks=tasks, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            user = cast(User, request.user)  # signed in: login_required
            changed = plan_carryover_save(plan=plan, links=form.links(), user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已保存衔接：%(n)d 项有变动。") % {"n": len(changed)})
            return redirect(f"{reverse('tasks:list')}?year={plan.year}")
    linked = set(Task.objects.filter(continues__plan=previous).values_list("continues_id", flat=True))
    context = {
        "plan": plan,
        "previous": previous,
        "form": form,
        "left": [task for task in candidates if task.pk not in linked],
    }
    return render(request, "tasks/workplan_carryover.html", context)
