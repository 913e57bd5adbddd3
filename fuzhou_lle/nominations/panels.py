"""The home and "my work" panels of brands/ and awards/, one implementation for both."""

from django.template.loader import render_to_string

from ..workflow import EDITABLE, Status
from . import permissions


def home(request, *, kit, title, public_url, public_label) -> str:
    """Everyone: the public list, the rounds open for nominations, and publicity notices (公示) with
    their objection channel."""
    context = {
        "title": title,
        "public_url": public_url,
        "public_label": public_label,
        "ns": kit.namespace,
        "open_rounds": kit.round_model.objects.open(),
        "publicity_rounds": kit.round_model.objects.in_publicity(),
    }
    return render_to_string("fuzhou_lle/nominations/panel_home.html", context, request)


def my_work(request, *, kit, title) -> str | None:
    """A district's drafts and returned nominations, a reviewer's pending assignments, the committee's
    queue of submitted nominations to check. None when there is nothing to do."""
    user = request.user
    context = {"title": title, "ns": kit.namespace}
    if permissions.is_committee(user):
        context["to_check"] = kit.nomination_model.objects.filter(status=Status.SUBMITTED).select_related(
            "district", "round"
        )
        context["in_review"] = kit.round_model.objects.filter(
            nominations__status=Status.UNDER_REVIEW
        ).distinct()
    elif user.is_district and user.district:
        context["mine"] = (
            kit.nomination_model.objects.visible_to(user).filter(status__in=EDITABLE).select_related("round")
        )
        context["open_rounds"] = kit.round_model.objects.open()
    elif user.is_reviewer:
        context["assignments"] = (
            kit.assignment_model.objects.pending()
            .filter(reviewer=user, nomination__status=Status.UNDER_REVIEW)
            .select_related("nomination")
        )
    else:
        return None
    if not any(context.get(key) for key in ("to_check", "in_review", "mine", "open_rounds", "assignments")):
        return None
    return render_to_string("fuzhou_lle/nominations/panel_my_work.html", context, request)
