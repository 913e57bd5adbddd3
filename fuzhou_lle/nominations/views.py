"""The nomination pages brands/ and awards/ share, as plain function views parametrised by a Kit.

Each app declares its kind once in a Kit (kit.py) and gets the same URL patterns (nomination_urls), so a
round, a nomination, its evidence, review and publicity work the same way for brands and for Stars.
Who sees what comes from NominationQuerySet.visible_to (others' records are a 404); who may act comes
from permissions.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.exports.services import export_response
from fuzhou_lle.files.storage import file_response
from fuzhou_lle.nominations import permissions, services
from fuzhou_lle.nominations.filters import RoundNominationFilter, round_summary
from fuzhou_lle.nominations.forms import (
    AssignForm,
    CriterionFormSet,
    EvidenceForm,
    OutcomeForm,
    PublicityForm,
    QuotaForm,
    ReturnForm,
    RewardForm,
    ScoreForm,
    objection_form_class,
    round_form_class,
)
from fuzhou_lle.nominations.ranking import (
    SCORED,
    rank_rows,
    ranking_export,
    rewards_sheet,
    round_ranking,
    round_rewards,
)
from fuzhou_lle.nominations.workflow import Level, Phase, Status
from fuzhou_lle.units.models import District
from fuzhou_lle.web.clients import client_ip
from fuzhou_lle.web.paging import page_of
from fuzhou_lle.web.public_cache import public_page


def _render(request, kit, template, context):
    return render(request, f"fuzhou_lle/nominations/{template}", {"kit": kit, "ns": kit.namespace, **context})


def _visible(kit, user):
    return kit.nomination_model.objects.visible_to(user).select_related("round", "district")


def _detail(nomination):
    return redirect(nomination.get_absolute_url())


def run_service(request, service, **kwargs):
    """Call a service; show its refusal as a message instead of an error page."""
    try:
        service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


@login_required
def round_list(request, kit):
    rounds = kit.round_model.objects.all()
    context = {"rounds": rounds, "can_create_round": permissions.can_check(request.user)}
    return _render(request, kit, "round_list.html", context)


@login_required
def round_detail(request, pk, kit):
    round_ = get_object_or_404(kit.round_model.objects.prefetch_related("quotas", "criteria"), pk=pk)
    visible = round_.nominations.visible_to(request.user)
    filterset = RoundNominationFilter(request.GET, queryset=visible)
    rows = filterset.qs.select_related("district").annotate(assigned=Count("assignments", distinct=True))
    page, query = page_of(request, rows.order_by("district__order", "pk"))
    context = {
        "round": round_,
        "filter": filterset,
        "summary": round_summary(visible),
        "nominations": page,
        "page": page,
        "query": query,
        "phase": round_.phase(),
    }
    user = request.user
    if user.is_authenticated and user.is_district and user.district:
        context["places"] = round_.places_for(user.district)
        context["can_create"] = permissions.can_create(user, round_)
    if permissions.can_check(user):
        context["objections"] = kit.objection_model.objects.filter(nomination__round=round_).select_related(
            "nomination__district"
        )
        context["publicity_form"] = PublicityForm()
        context["can_publish"] = round_.phase() == Phase.REVIEW and round_.publicity_ends_on is not None
        context["can_edit_round"] = permissions.can_edit_round(user, round_)
    return _render(request, kit, "round_detail.html", context)


@login_required
def round_form(request, kit, pk=None):
    """Open a new round, or change one that no district has submitted to yet (permissions.can_edit_round)."""
    require(request.user, permissions.can_check)
    round_ = kit.round_model()
    criteria, quotas = [], []
    if pk is not None:
        round_ = get_object_or_404(kit.round_model.objects.prefetch_related("criteria", "quotas"), pk=pk)
        require(request.user, permissions.can_edit_round, round_)
        criteria = [
            {"name": c.name, "description": c.description, "max_score": c.max_score}
            for c in round_.criteria.all()
        ]
        quotas = round_.quotas.all()
    data = request.POST or None
    form = round_form_class(kit.round_model)(data, instance=round_)
    criteria_formset = CriterionFormSet(data, prefix="criteria", initial=criteria)
    quota_form = QuotaForm(data, prefix="quota", districts=list(District.objects.all()), quotas=quotas)
    # A list, not a generator, so every form is validated and shows its errors.
    if data is not None and all([form.is_valid(), criteria_formset.is_valid(), quota_form.is_valid()]):
        try:
            services.round_save(
                round_=form.instance,
                criteria=[item for item in criteria_formset.cleaned_data if item],
                quotas=quota_form.overrides(),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("征集批次已保存。"))
            return redirect(form.instance.get_absolute_url())
    context = {"form": form, "criteria": criteria_formset, "quotas": quota_form, "round": round_}
    return _render(request, kit, "round_form.html", context)


@login_required
def nomination_create(request, pk, kit):
    round_ = get_object_or_404(kit.round_model, pk=pk)
    require(request.user, permissions.can_create, round_)
    form = kit.nomination_form(request.POST or None, request.FILES or None)
    if form.is_valid():
        nomination = services.nomination_create(round_=round_, user=request.user, nomination=form.instance)
        messages.success(request, _("已保存草稿。请上传证明材料，填写完整后报送。"))
        return _detail(nomination)
    return _render(request, kit, "nomination_form.html", {"form": form, "round": round_})


@login_required
def nomination_edit(request, pk, kit):
    nomination = get_object_or_404(_visible(kit, request.user), pk=pk)
    require(request.user, permissions.can_edit, nomination)
    form = kit.nomination_form(request.POST or None, request.FILES or None, instance=nomination)
    if form.is_valid():
        services.nomination_update(nomination=form.instance, user=request.user)
        messages.success(request, _("已保存。"))
        return _detail(nomination)
    return _render(request, kit, "nomination_form.html", {"form": form, "round": nomination.round})


@login_required
def nomination_detail(request, pk, kit):
    nomination = get_object_or_404(_visible(kit, request.user), pk=pk)
    user = request.user
    context = {
        "nomination": nomination,
        "evidence": nomination.evidence.all(),
        "transitions": nomination.transitions.select_related("actor"),
        "can_edit": permissions.can_edit(user, nomination),
        "can_check": permissions.can_check(user),
    }
    if context["can_edit"]:
        context["evidence_form"] = EvidenceForm()
        context["places"] = nomination.round.places_for(nomination.district, excluding=nomination)
    if context["can_check"]:
        context["assignments"] = nomination.assignments.select_related("reviewer__unit").prefetch_related(
            Prefetch("scores", queryset=kit.score_model.objects.select_related("criterion"))
        )
        context["return_form"] = ReturnForm()
        context["assign_form"] = AssignForm(nomination=nomination)
        context["outcome_form"] = OutcomeForm()
        context["reward_form"] = RewardForm(initial={"amount": nomination.reward_amount})
        context["levels"] = Level
    else:
        context["my_assignment"] = nomination.assignments.filter(reviewer=user).first()
    return _render(request, kit, "nomination_detail.html", context)


@dataclass(frozen=True)
class Action:
    """A button on the nomination page: the service it calls and, if it has fields, the form whose
    cleaned data are the service's further arguments."""

    service: Callable
    form: Callable | None = None  # (POST data, nomination) -> form
    invalid: str = ""  # said when the form is not filled in right
    done: str = ""  # said when it worked
    options: dict = field(default_factory=dict)  # fixed arguments


ACTIONS = {
    "submit": Action(
        services.nomination_submit, done=gettext_lazy("已报送，等待市终身教育促进委员会办公室审核。")
    ),
    "return": Action(
        services.nomination_return,
        form=lambda data, nomination: ReturnForm(data),
        invalid=gettext_lazy("请填写退回原因，便于县（市）区修改。"),
        done=gettext_lazy("已退回县（市）区修改。"),
    ),
    "accept": Action(services.nomination_accept, done=gettext_lazy("已进入评审，请分配评审专家。")),
    "assign": Action(
        services.assignment_create,
        form=lambda data, nomination: AssignForm(data, nomination=nomination),
        invalid=gettext_lazy("请选择评审专家并填写评审截止日期。"),
        done=gettext_lazy("已分配评审专家。"),
    ),
    "shortlist": Action(services.nomination_shortlist, done=gettext_lazy("已入围。")),
    "reject": Action(services.nomination_reject, done=gettext_lazy("已标记为未入选。")),
    "recommend-province": Action(services.nomination_recommend, options={"level": Level.PROVINCE}),
    "recommend-nation": Action(services.nomination_recommend, options={"level": Level.NATION}),
    "outcome": Action(
        services.nomination_outcome_record,
        form=lambda data, nomination: OutcomeForm(data),
        invalid=gettext_lazy("请选择级别和结果。"),
    ),
    "reward": Action(
        services.nomination_reward_set,
        form=lambda data, nomination: RewardForm(data),
        invalid=gettext_lazy("请填写不小于 0 的金额。"),
        done=gettext_lazy("奖励经费已保存。"),
    ),
}


@require_POST
@login_required
def nomination_action(request, pk, action, kit):
    nomination = get_object_or_404(_visible(kit, request.user), pk=pk)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    arguments = dict(step.options)
    if step.form:
        form = step.form(request.POST, nomination)
        if not form.is_valid():
            messages.error(request, step.invalid)
            return _detail(nomination)
        arguments.update(form.cleaned_data)
    if (
        run_service(request, step.service, nomination=nomination, user=request.user, **arguments)
        and step.done
    ):
        messages.success(request, step.done)
    return _detail(nomination)


@require_POST
@login_required
def evidence_upload(request, pk, kit):
    nomination = get_object_or_404(_visible(kit, request.user), pk=pk)
    require(request.user, permissions.can_edit, nomination)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    elif run_service(
        request,
        services.evidence_add,
        nomination=nomination,
        user=request.user,
        upload=form.cleaned_data["file"],
    ):
        messages.success(request, _("已上传。"))
    return _detail(nomination)


def _evidence(kit, request, pk):
    visible = _visible(kit, request.user)
    return get_object_or_404(
        kit.evidence_model.objects.select_related("nomination"), pk=pk, nomination__in=visible
    )


@login_required
def evidence_download(request, pk, kit):
    evidence = _evidence(kit, request, pk)
    return file_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)


@require_POST
@login_required
def evidence_delete(request, pk, kit):
    evidence = _evidence(kit, request, pk)
    services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(request, _("已删除。"))
    return _detail(evidence.nomination)


@login_required
def score(request, pk, kit):
    assignment = get_object_or_404(
        kit.assignment_model.objects.select_related("nomination__round", "nomination__district"),
        pk=pk,
        reviewer=request.user,
        nomination__in=_visible(kit, request.user),
    )
    nomination = assignment.nomination
    criteria = list(nomination.round.criteria.all())
    form = ScoreForm(request.POST or None, criteria=criteria, scores=assignment.scores.all())
    if request.method == "POST":
        require(request.user, permissions.can_score, assignment)
        if form.is_valid() and run_service(
            request, services.assignment_score, assignment=assignment, user=request.user, values=form.values()
        ):
            messages.success(request, _("评分已保存。"))
            return redirect("my_work")
    context = {
        "assignment": assignment,
        "nomination": nomination,
        "form": form,
        "can_score": permissions.can_score(request.user, assignment),
    }
    return _render(request, kit, "score_form.html", context)


def _committee_round(request, pk, kit):
    require(request.user, permissions.can_check)
    return get_object_or_404(kit.round_model, pk=pk)


@login_required
def ranking(request, pk, kit):
    round_ = _committee_round(request, pk, kit)
    criteria, nominations = round_ranking(round_, kit.score_model)
    if request.GET.get("format") == "xlsx":
        return export_response(
            request,
            ranking_export,
            {"round_model": round_._meta.label_lower, "round": round_.pk},
            rows=round_.nominations.filter(status__in=SCORED).count(),
            title=_("%(title)s 评审排名") % {"title": round_.title},
        )
    page, query = page_of(request, nominations)
    context = {
        "round": round_,
        "criteria": criteria,
        "rows": rank_rows(page, criteria),
        "page": page,
        "query": query,
    }
    return _render(request, kit, "ranking.html", context)


@login_required
def rewards(request, pk, kit):
    round_ = _committee_round(request, pk, kit)
    totals = round_rewards(round_)
    if request.GET.get("format") == "xlsx":
        return rewards_sheet(round_, totals)
    return _render(request, kit, "rewards.html", {"round": round_, "totals": totals})


@require_POST
@login_required
def round_publicity(request, pk, kit):
    round_ = _committee_round(request, pk, kit)
    form = PublicityForm(request.POST)
    if form.is_valid() and run_service(
        request,
        services.round_publicity_start,
        round_=round_,
        user=request.user,
        starts_on=form.cleaned_data["starts_on"],
        ends_on=form.cleaned_data["ends_on"],
    ):
        messages.success(request, _("公示已发布。"))
    return redirect(round_.get_absolute_url())


@require_POST
@login_required
def round_publish(request, pk, kit):
    round_ = _committee_round(request, pk, kit)
    if run_service(request, kit.publish_results, round_=round_, user=request.user):
        messages.success(request, _("评选结果已公布。"))
    return redirect(round_.get_absolute_url())


@public_page
def publicity(request, pk, kit):
    """The public publicity notice (公示): the shortlisted entries with a summary and an objection link."""
    round_ = get_object_or_404(kit.round_model.objects.in_publicity(), pk=pk)
    entries = round_.nominations.filter(status=Status.IN_PUBLICITY).select_related("district")
    return _render(request, kit, "publicity.html", {"round": round_, "entries": entries})


def objection(request, pk, kit):
    nomination = get_object_or_404(
        kit.nomination_model.objects.filter(status=Status.IN_PUBLICITY).select_related("round", "district"),
        pk=pk,
        round__in=kit.round_model.objects.in_publicity(),
    )
    form = objection_form_class(nomination.objections.model)(request.POST or None)
    if form.is_valid() and run_service(
        request,
        services.objection_submit,
        nomination=nomination,
        # The same client address the login throttle uses (it knows about the proxy).
        client_ip=client_ip(request),
        **form.cleaned_data,
    ):
        messages.success(request, _("您的意见已提交市终身教育促进委员会办公室，我们将核实处理。谢谢！"))
        return redirect(f"{kit.namespace}:publicity", pk=nomination.round_id)
    return _render(request, kit, "objection_form.html", {"nomination": nomination, "form": form})


def nomination_urls(kit) -> list:
    """The URL patterns of the shared pages, for an app's urls.py."""
    k = {"kit": kit}
    return [
        path("rounds/", round_list, k, name="rounds"),
        path("rounds/<int:pk>/", round_detail, k, name="round_detail"),
        path("rounds/new/", round_form, k, name="round_create"),
        path("rounds/<int:pk>/edit/", round_form, k, name="round_edit"),
        path("rounds/<int:pk>/new/", nomination_create, k, name="nomination_create"),
        path("rounds/<int:pk>/ranking/", ranking, k, name="ranking"),
        path("rounds/<int:pk>/rewards/", rewards, k, name="rewards"),
        path("rounds/<int:pk>/publicity/start/", round_publicity, k, name="round_publicity"),
        path("rounds/<int:pk>/publish/", round_publish, k, name="round_publish"),
        path("rounds/<int:pk>/publicity/", publicity, k, name="publicity"),
        path("nominations/<int:pk>/", nomination_detail, k, name="nomination_detail"),
        path("nominations/<int:pk>/edit/", nomination_edit, k, name="nomination_edit"),
        path("nominations/<int:pk>/evidence/", evidence_upload, k, name="evidence_upload"),
        path("nominations/<int:pk>/objection/", objection, k, name="objection"),
        path("nominations/<int:pk>/<slug:action>/", nomination_action, k, name="nomination_action"),
        path("evidence/<int:pk>/", evidence_download, k, name="evidence"),
        path("evidence/<int:pk>/delete/", evidence_delete, k, name="evidence_delete"),
        path("assignments/<int:pk>/", score, k, name="score"),
    ]
