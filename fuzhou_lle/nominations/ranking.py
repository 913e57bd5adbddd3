"""Reading a round's results: average scores and ranking, reward totals, and their .xlsx exports."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    Window,
)
from django.db.models.functions import Round, RowNumber
from django.utils.translation import gettext as _

from fuzhou_lle.exports.services import Spreadsheet, exporter
from fuzhou_lle.files.spreadsheets import table_workbook, xlsx_response
from fuzhou_lle.nominations.workflow import Status

# States in which a nomination has been (or is being) scored.
SCORED = [Status.UNDER_REVIEW, Status.SHORTLISTED, Status.IN_PUBLICITY, Status.SELECTED, Status.NOT_SELECTED]


@dataclass
class RankRow:
    nomination: object
    reviewers: int
    assigned: int
    averages: list  # per criterion, in the round's order; None where nobody has scored yet
    total: Decimal | None
    rank: int | None = None


def _two_places(value) -> Decimal | None:
    # SQLite hands back a float where PostgreSQL gives a numeric.
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def round_ranking(round_, score_model) -> tuple[list, object]:
    """The round's criteria and its scored nominations ranked by average total score, best first, as one
    grouped query the database sorts and numbers (a page of it costs what any page costs). Each nomination
    carries avg_<criterion pk> (completed reviews only, to two places), `total` (their sum; NULL while a
    criterion has no score) and `position`."""
    criteria = list(round_.criteria.all())
    completed = Q(assignments__completed_at__isnull=False)
    averages = {
        f"avg_{criterion.pk}": Round(
            Avg("assignments__scores__value", filter=completed & Q(assignments__scores__criterion=criterion)),
            2,
        )
        for criterion in criteria
    }
    total = sum((F(name) for name in averages), Value(Decimal("0"))) if criteria else Value(None)
    nominations = (
        round_.nominations.filter(status__in=SCORED)
        .select_related("district")
        .annotate(
            assigned=Count("assignments", distinct=True),
            reviewers=Count("assignments", filter=completed, distinct=True),
            **averages,
        )
        .annotate(total=ExpressionWrapper(total, output_field=DecimalField()))
    )
    order = [F("total").desc(nulls_last=True), F("pk").asc()]
    return criteria, nominations.annotate(position=Window(RowNumber(), order_by=order)).order_by(*order)


def rank_rows(nominations, criteria) -> list[RankRow]:
    """The rows of (a page of) round_ranking's nominations."""
    rows = []
    for nomination in nominations:
        total = _two_places(nomination.total) if nomination.reviewers else None
        row = RankRow(
            nomination,
            nomination.reviewers,
            nomination.assigned,
            [_two_places(getattr(nomination, f"avg_{criterion.pk}")) for criterion in criteria],
            total,
            nomination.position if total is not None else None,
        )
        rows.append(row)
    return rows


@dataclass
class RewardTotals:
    rows: list  # the selected nominations, with reward_amount
    by_district: list = field(default_factory=list)  # (district, count, amount)
    total: Decimal = Decimal("0")


def round_rewards(round_) -> RewardTotals:
    """Reward funds (专项奖励经费) of a round's selected entries, totalled per district and overall."""
    rows = list(round_.nominations.filter(status=Status.SELECTED).select_related("district"))
    per_district = {}
    for nomination in rows:
        count, amount = per_district.get(nomination.district, (0, Decimal("0")))
        per_district[nomination.district] = (count + 1, amount + (nomination.reward_amount or 0))
    by_district = sorted(
        ((district, count, amount) for district, (count, amount) in per_district.items()),
        key=lambda item: (item[0].order, item[0].name),
    )
    return RewardTotals(rows, by_district, sum((amount for _d, _c, amount in by_district), Decimal("0")))


def score_model(round_model):
    """A kind's score model, reached from its round model through the related names the workflow fixes."""
    nomination = round_model._meta.get_field("nominations").related_model
    assignment = nomination._meta.get_field("assignments").related_model
    return assignment._meta.get_field("scores").related_model


@exporter
def ranking_export(params: dict, progress) -> Spreadsheet:
    """The whole ranking of a round as a spreadsheet: params are the round model's label ("brands.brandround")
    and the round's pk."""
    round_model = apps.get_model(params["round_model"])
    round_ = round_model.objects.get(pk=params["round"])
    criteria, nominations = round_ranking(round_, score_model(round_model))
    headers = [_("排名"), _("名称"), _("县（市）区"), _("状态"), _("已评/已分配")]
    headers += [str(criterion) for criterion in criteria] + [_("平均总分")]
    body = (
        [
            row.rank,
            row.nomination.name,
            row.nomination.district.name,
            row.nomination.get_status_display(),
            f"{row.reviewers}/{row.assigned}",
            *row.averages,
            row.total,
        ]
        for row in rank_rows(nominations, criteria)
    )
    workbook = table_workbook(_("评审排名"), headers, body, progress=progress)
    return Spreadsheet(_("%(title)s-评审排名.xlsx") % {"title": round_.title}, workbook)


def rewards_sheet(round_, totals: RewardTotals):
    headers = [_("名称"), _("县（市）区"), _("奖励经费（元）")]
    body = [[n.name, n.district.name, n.reward_amount] for n in totals.rows]
    body.append([])
    body += [
        [_("%(district)s 合计（%(count)s 项）") % {"district": d.name, "count": c}, d.name, amount]
        for d, c, amount in totals.by_district
    ]
    body.append([_("本批次合计"), "", totals.total])
    return xlsx_response(
        _("%(title)s-专项奖励经费.xlsx") % {"title": round_.title}, _("专项奖励经费"), headers, body
    )
