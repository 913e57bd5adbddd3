"""The home and "my work" panels of brands/ and awards/, one implementation for both."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.loader import render_to_string

from fuzhou_lle.nominations import permissions
from fuzhou_lle.nominations.workflow import EDITABLE, Status

PANEL_ROWS = 10


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
    queue of submitted nominations to check. None when there is nothing to do. Each list shows its first
    PANEL_ROWS and says how many there are in all, so the page stays short however long the queue."""
    user = request.user
    context = {"title": title, "ns": kit.namespace}
    if permissions.is_committee(user):
        # One grouped query: each round's nominations waiting to be checked and under review. The queue's
        # length is the sum of the first, so only its first rows are fetched besides.
        rounds = list(
            kit.round_model.objects.annotate(
                waiting=Count("nominations", filter=Q(nominations__status=Status.SUBMITTED)),
                reviewing=Count("nominations", filter=Q(nominations__status=Status.UNDER_REVIEW)),
            ).filter(Q(waiting__gt=0) | Q(reviewing__gt=0))
        )
        waiting = sum(round_.waiting for round_ in rounds)
        submitted = kit.nomination_model.objects.filter(status=Status.SUBMITTED)
        first = submitted.order_by("submitted_at", "pk").select_related("district", "round")[:PANEL_ROWS]
        context["to_check"] = Capped(list(first) if waiting else [], waiting)
        # Per round, so "all" links to the round page filtered to what waits.
        context["to_check_rounds"] = [round_ for round_ in rounds if round_.waiting]
        context["in_review"] = [round_ for round_ in rounds if round_.reviewing]
    elif user.is_district and user.district:
        context["mine"] = _first(
            kit.nomination_model.objects.visible_to(user).filter(status__in=EDITABLE).select_related("round")
        )
        context["open_rounds"] = kit.round_model.objects.open()
    elif user.is_reviewer:
        context["assignments"] = _first(
            kit.assignment_model.objects.pending()
            .filter(reviewer=user, nomination__status=Status.UNDER_REVIEW)
            .select_related("nomination")
            .order_by("due_on", "pk")
        )
    else:
        return None
    if not any(context.get(key) for key in ("to_check", "in_review", "mine", "open_rounds", "assignments")):
        return None
    return render_to_string("fuzhou_lle/nominations/panel_my_work.html", context, request)


@dataclass
class Capped:
    """The first rows of a list and how many it holds."""

    rows: list
    total: int

    def __bool__(self):
        return self.total > 0

    def __iter__(self):
        return iter(self.rows)

    @property
    def more(self):
        return self.total > len(self.rows)


def _first(queryset, rows=PANEL_ROWS) -> Capped:
    """Count first, and fetch rows only when there are any (the panel is usually empty)."""
    total = queryset.count()
    return Capped(list(queryset[:rows]) if total else [], total)
