from datetime import date
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.exports.services import export_response
from fuzhou_lle.files.storage import file_response
from fuzhou_lle.files.uploads import DOCX
from fuzhou_lle.web.paging import page_of
from fuzhou_lle.web.public_cache import public_page

from . import permissions, services
from .carryover.story import carried_summary, earlier_records, stories
from .filters import TaskFilter
from .forms import (
    MilestoneForm,
    MilestoneProposalForm,
    NoticeUploadForm,
    PreviewItemForm,
    PreviewItemFormSet,
    ProgressReportForm,
    ReportReturnForm,
    ResponsiblePersonForm,
    UnitResolutionForm,
)
from .models import Evidence, Milestone, ProgressReport, Task, TaskUnit, WorkPlan
from .notice import ParsedNotice
from .selectors import (
    chart_data,
    ledger_export,
    month_bulletin,
    plan_overview,
    plan_statistics,
    task_history,
)
from .summary import annual_summary_docx

SESSION_IMPORT_KEY = "tasks_import"
RECENT_REPORTS = 10


def _today():
    return timezone.localdate()


def _plan(request):
    """The plan of ?year=, else the latest the user may see; None when there is none. A draft is the
    committee's only."""
    plans = WorkPlan.objects.visible_to(request.user)
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit():  # isdigit() alone accepts "²", which int() refuses
        return get_object_or_404(plans, year=int(year))
    return plans.current()


def _task_or_404(request, pk):
    return get_object_or_404(Task.objects.visible_to(request.user).for_list(_today()), pk=pk)


@public_page
def overview(request):
    """The public, read-only view of the plan."""
    plan = _plan(request)
    groups = plan_overview(plan, _today()) if plan else []
    told = stories([task for group in groups for task in group.tasks], Task.objects.visible_to(request.user))
    context = {
        "plan": plan,
        # Each section with its tasks, each task with its story over the years (empty for a new item).
        "sections": [(group, [(task, told.get(task.pk, [])) for task in group.tasks]) for group in groups],
        "plans": WorkPlan.objects.visible_to(request.user),
    }
    return render(request, "tasks/workplan_overview.html", context)


@login_required
def task_list(request):
    plan = _plan(request)
    tasks = Task.objects.filter(plan=plan).for_list(_today()) if plan else Task.objects.none()
    filterset = TaskFilter(request.GET, queryset=tasks, plan=plan)
    page, query = page_of(request, filterset.qs)
    context = {"plan": plan, "filter": filterset, "page": page, "query": query}
    return render(request, "tasks/task_list.html", context)


@login_required
def my_tasks(request):
    """The tasks of the user's unit, whether named or covered by a collective phrase."""
    plan = _plan(request)
    tasks = Task.objects.none()
    if plan and request.user.unit_id:
        tasks = Task.objects.filter(plan=plan).for_unit(request.user.unit).for_list(_today())
    rows = [(task, task.role_of(request.user.unit)) for task in tasks]
    return render(request, "tasks/task_mine.html", {"plan": plan, "rows": rows})


@login_required
def task_detail(request, pk):
    task = _task_or_404(request, pk)
    user = request.user
    milestones = task.milestones.exclude(state=Milestone.State.REJECTED)
    reports = task.reports.select_related("unit", "author", "returned_by").prefetch_related("evidence")
    story = stories([task], Task.objects.visible_to(user)).get(task.pk, [])
    earlier = earlier_records(story, task)
    context = {
        "task": task,
        "years": [(step, earlier.get(step.pk)) for step in story],
        "today": _today(),
        "milestones": milestones,
        "reports": reports,
        "history": task_history(task),
        "role": permissions.role_in(user, task),
        "can_manage": permissions.can_manage(user),
        "can_edit_milestones": permissions.can_edit_milestones(user, task),
        "can_report": permissions.can_report(user, task),
        "can_add_milestone": permissions.can_add_milestone(user, task),
        "can_view_evidence": permissions.can_view_evidence(user, task),
        "can_urge": permissions.can_urge(user, task),
        "nameable": {link.pk for link in task.lead_links if permissions.can_name_responsible(user, link)},
    }
    if context["can_manage"] and not task.closed_on:
        context["return_form"] = ReportReturnForm()
    return render(request, "tasks/task_detail.html", context)


@login_required
def report_create(request, pk):
    task = _task_or_404(request, pk)
    require(request.user, permissions.can_report, task)
    kinds = permissions.report_kinds(request.user, task)
    form = ProgressReportForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.progress_report_create(
                task=task,
                user=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                percent=form.cleaned_data["percent"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("进展报告已提交。"))
            return redirect(report)
    return render(request, "tasks/progressreport_form.html", {"task": task, "form": form})


@login_required
def responsible_edit(request, pk):
    """Name the 责任人 of one lead unit on one task."""
    # Only links of tasks the user may see: a draft plan's tasks are a 404 to all but the committee.
    links = TaskUnit.objects.filter(task__in=Task.objects.visible_to(request.user))
    link = get_object_or_404(
        links.select_related("task", "task__plan", "unit"), pk=pk, role=TaskUnit.Role.LEAD
    )
    require(request.user, permissions.can_name_responsible, link)
    form = ResponsiblePersonForm(request.POST or None, instance=link)
    if request.method == "POST" and form.is_valid():
        services.taskunit_responsible_set(
            link=link, user=request.user, name=form.cleaned_data["responsible_person"]
        )
        messages.success(request, _("已保存%(unit)s的责任人。") % {"unit": link.unit})
        return redirect(link.task)
    return render(request, "tasks/taskunit_form.html", {"task": link.task, "link": link, "form": form})


@login_required
def milestone_create(request, pk):
    """The committee adds a milestone; a lead unit proposes one for the committee to approve."""
    task = _task_or_404(request, pk)
    require(request.user, permissions.can_add_milestone, task)
    manage = permissions.can_manage(request.user)
    form_class = MilestoneForm if manage else MilestoneProposalForm
    form = form_class(request.POST or None, instance=Milestone(task=task))
    if request.method == "POST" and form.is_valid():
        services.milestone_create(task=task, user=request.user, **form.cleaned_data)
        messages.success(
            request, _("时间节点已添加。") if manage else _("时间节点建议已提交，待委员会办公室审核。")
        )
        return redirect(task)
    return render(request, "tasks/milestone_form.html", {"task": task, "form": form, "proposal": not manage})


@login_required
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.visible_to(request.user).select_related("task"), pk=pk)
    require(request.user, permissions.can_edit_milestone, milestone)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_update(milestone=milestone, user=request.user, **form.cleaned_data)
        messages.success(request, _("时间节点已保存。"))
        return redirect(milestone)
    return render(request, "tasks/milestone_form.html", {"task": milestone.task, "form": form})


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.visible_to(request.user).select_related("task"), pk=pk)
    require(request.user, permissions.can_edit_milestone, milestone)
    try:
        services.milestone_mark_done(milestone=milestone, user=request.user, on=_today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已标记完成：%(title)s") % {"title": milestone.title})
    return redirect(milestone)


@login_required
@require_POST
def milestone_decide(request, pk):
    milestone = get_object_or_404(Milestone.objects.visible_to(request.user).select_related("task"), pk=pk)
    require(request.user, permissions.can_edit_milestone, milestone)
    approve = request.POST.get("decision") == "approve"
    try:
        services.milestone_decide(milestone=milestone, user=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已采纳该时间节点。") if approve else _("未采纳该时间节点。"))
    return redirect(milestone)


@login_required
@require_POST
def report_accept(request, pk):
    """The committee accepts a completion report and so closes (销号) the task."""
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user).select_related("task"), pk=pk)
    require(request.user, permissions.can_manage)
    try:
        services.report_accept(report=report, user=request.user, on=_today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("任务已销号。"))
    return redirect(report.task)


@login_required
@require_POST
def report_return(request, pk):
    """The committee sends a completion report back to its unit, saying why."""
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user).select_related("task"), pk=pk)
    require(request.user, permissions.can_manage)
    form = ReportReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(report)
    try:
        services.report_return(report=report, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已退回完成报告，牵头单位将收到通知。"))
    return redirect(report)


@login_required
@require_POST
def task_urge(request, pk):
    """催办: at most once a day per task; a second press says so and changes nothing."""
    task = _task_or_404(request, pk)
    require(request.user, permissions.can_urge, task)
    if services.task_urge(task=task, user=request.user, today=_today()):
        messages.success(request, _("已催办，牵头单位责任人将立即收到通知。"))
    else:
        messages.warning(request, _("该任务今天已经催办过，每个任务每天只能催办一次。"))
    return redirect(task)


@login_required
def evidence_download(request, pk):
    reports = ProgressReport.objects.visible_to(request.user)
    evidence = get_object_or_404(
        Evidence.objects.filter(report__in=reports).select_related("report__task"), pk=pk
    )
    task = Task.objects.prefetch_related("task_units").get(pk=evidence.report.task_id)
    if not permissions.can_view_evidence(request.user, task):
        raise Http404
    return file_response(evidence.file, filename=evidence.name, content_type=evidence.content_type)


@login_required
def dashboard(request):
    plan = _plan(request)
    statistics = plan_statistics(plan, _today()) if plan else None
    context = {
        "plan": plan,
        "statistics": statistics,
        "chart": chart_data(statistics) if statistics else None,
        "proposals": Milestone.objects.proposed().filter(task__plan=plan).select_related("task"),
        "awaiting": ProgressReport.objects.awaiting_acceptance()
        .filter(task__plan=plan)
        .select_related("task", "unit"),
        "recent": ProgressReport.objects.filter(task__plan=plan).select_related("task", "unit")[
            :RECENT_REPORTS
        ],
        "can_manage": permissions.can_manage(request.user),
        "carried": carried_summary(plan, Task.objects.visible_to(request.user)) if plan else None,
        "earlier_plans": WorkPlan.objects.visible_to(request.user).filter(year__lt=plan.year) if plan else [],
    }
    return render(request, "tasks/workplan_dashboard.html", context)


@login_required
def ledger(request):
    plan = _plan(request)
    if plan is None:
        raise Http404
    today = _today()
    # ?since=2015: the ledger over every year the user may see from then to the plan's.
    since = request.GET.get("since", "")
    earlier = list(
        WorkPlan.objects.visible_to(request.user)
        .filter(
            year__gte=int(since) if since.isascii() and since.isdigit() else plan.year, year__lt=plan.year
        )
        .order_by("year")
    )
    title = _("%(year)s年工作要点台账") % {"year": plan.year}
    if earlier:
        title = _("%(first)s—%(last)s年工作要点台账") % {"first": earlier[0].year, "last": plan.year}
    return export_response(
        request,
        ledger_export,
        {"plan": plan.pk, "earlier": [p.pk for p in earlier], "today": today.isoformat()},
        rows=Task.objects.filter(plan__in=[*earlier, plan]).count(),
        title=title,
    )


@login_required
def bulletin(request):
    plan = _plan(request)
    today = _today()
    try:
        month = date.fromisoformat(request.GET.get("month", f"{today:%Y-%m}") + "-01")
    except ValueError:
        month = today.replace(day=1)
        messages.error(request, _("月份格式应为 2026-11，已显示本月。"))
    context = {"plan": plan, "bulletin": month_bulletin(plan, month, today) if plan else None, "month": month}
    return render(request, "tasks/workplan_bulletin.html", context)


@login_required
def import_upload(request):
    require(request.user, permissions.can_manage, hidden=True)
    form = NoticeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_IMPORT_KEY] = {
            "notice": form.cleaned_data["notice"].to_dict(),
            "source_name": form.cleaned_data["file"].name,
            "resolutions": {},
        }
        return redirect("tasks:import_preview")
    return render(request, "tasks/workplan_import.html", {"form": form})


@login_required
def import_preview(request):
    """Show what the upload would do and let staff correct items and resolve unit names; the parsed notice
    stays in the session, so nothing is uploaded twice. Only the confirming POST writes, as a draft."""
    require(request.user, permissions.can_manage, hidden=True)
    pending = request.session.get(SESSION_IMPORT_KEY)
    if not pending:
        messages.info(request, _("请先上传通知文件。"))
        return redirect("tasks:import")
    notice = ParsedNotice.from_dict(pending["notice"])
    resolutions = pending.get("resolutions", {})
    summary = services.workplan_preview(parsed=notice, resolutions=resolutions)
    data = request.POST if request.method == "POST" else None
    items = PreviewItemFormSet(
        data, initial=[PreviewItemForm.initial_for(t) for t in notice.tasks], prefix="item"
    )
    units = UnitResolutionForm(data, names=summary.unmatched, suggestions=summary.suggestions, prefix="unit")
    if data is not None and items.total_form_count() != len(notice.tasks):
        messages.error(request, _("预览已在其他窗口中更改，请重新核对。"))
        return redirect("tasks:import_preview")
    if data is not None and items.is_valid() and units.is_valid():
        items.apply(notice)
        resolutions.update(units.resolutions())
        request.session[SESSION_IMPORT_KEY] = {
            **pending,
            "notice": notice.to_dict(),
            "resolutions": resolutions,
        }
        if data.get("action") != "import":
            messages.success(request, _("已按您的修改更新预览，尚未保存。"))
            return redirect("tasks:import_preview")
        try:
            plan, summary = services.workplan_import(
                parsed=notice, source_name=pending["source_name"], user=request.user, resolutions=resolutions
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("tasks:import_preview")
        del request.session[SESSION_IMPORT_KEY]
        messages.success(
            request,
            _("已导入《%(title)s》：新建 %(created)d 项，更新 %(updated)d 项。")
            % {"title": plan.title, "created": len(summary.created), "updated": len(summary.updated)}
            + (_("目前是草稿，只有委员会办公室能看到；核对无误后请点击“发布”。") if plan.is_draft else "")
            + _carryover_hint(plan),
        )
        return redirect(f"{reverse('tasks:list')}?year={plan.year}")
    rows = list(zip(notice.tasks, items.forms, strict=True))
    sections, index = [], 0
    for section in notice.sections:
        sections.append((section, rows[index : index + len(section.tasks)]))
        index += len(section.tasks)
    context = {
        "notice": notice,
        "summary": summary,
        "source_name": pending["source_name"],
        "items": items,
        "units": units,
        "sections": sections,
        "doubtful": sum(1 for task in notice.tasks if task.doubts),
    }
    return render(request, "tasks/workplan_preview.html", context)


def _carryover_hint(plan: WorkPlan) -> str:
    previous = plan.previous()
    left = previous.tasks.open().filter(continued_by__isnull=True).count() if previous else 0
    if not left:
        return ""
    return _("%(year)s年有 %(n)d 项未完成的任务，可在“衔接上年度”中与本年度任务衔接。") % {
        "year": previous.year,
        "n": left,
    }


@login_required
@require_POST
def plan_publish(request, year):
    """Publish a draft plan: from now the public, the units and the reminders see it."""
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), year=year)
    try:
        services.workplan_publish(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已发布《%(title)s》。") % {"title": plan.title})
    return redirect(f"{reverse('tasks:list')}?year={plan.year}")


@login_required
def annual_summary(request):
    """The year's summary (年度工作总结) as a Word document the office edits and prints."""
    require(request.user, permissions.can_manage, hidden=True)
    plan = _plan(request)
    if plan is None:
        raise Http404
    return FileResponse(
        BytesIO(annual_summary_docx(plan, _today())),
        as_attachment=True,
        filename=f"{plan.year}年终身教育工作总结.docx",
        content_type=DOCX.mime,
    )
