"""Staff lists at scale: the round page (50 rows a page, filters, summary counts from one grouped query),
the ranking computed and ordered by the database, and my-work panels that show ten rows and a count."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from brands.models import BrandNomination
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from tests.brands.factories import AssignmentFactory, BrandNominationFactory, CriterionFactory, RoundFactory
from tests.brands.factories import district as district_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]


def _round_with(statuses):
    """A round holding one nomination per (district code, status) pair given."""
    round_, author = RoundFactory(), UserFactory()
    BrandNomination.objects.bulk_create(
        BrandNominationFactory.build(
            round=round_, district=district_of(code), status=status, created_by=author
        )
        for code, status in statuses
    )
    return round_


class TestRoundPage:
    def test_shows_fifty_rows_a_page_and_the_rest_on_the_next(self, client, committee_user):
        round_ = _round_with([("gulou", Status.SUBMITTED)] * 60)
        client.force_login(committee_user)
        first = client.get(round_.get_absolute_url())
        second = client.get(round_.get_absolute_url(), {"page": 2})
        assert len(first.context["nominations"]) == 50
        assert len(second.context["nominations"]) == 10
        assert {n.pk for n in first.context["nominations"]}.isdisjoint(
            n.pk for n in second.context["nominations"]
        )
        assert "page=2" in first.content.decode()

    def test_filters_by_status_and_district_and_keeps_the_filter_in_page_links(self, client, committee_user):
        round_ = _round_with(
            [("gulou", Status.SUBMITTED)] * 55 + [("gulou", Status.DRAFT), ("taijiang", Status.SUBMITTED)]
        )
        client.force_login(committee_user)
        response = client.get(round_.get_absolute_url(), {"status": "submitted", "district": "gulou"})
        shown = response.context["nominations"]
        assert shown.paginator.count == 55
        assert {(n.district.code, n.status) for n in shown} == {("gulou", "submitted")}
        assert "status=submitted&amp;district=gulou&amp;page=2" in response.content.decode()

    def test_summary_counts_every_visible_nomination_whatever_the_filter(self, client, committee_user):
        round_ = _round_with(
            [("gulou", Status.SUBMITTED)] * 3
            + [("gulou", Status.DRAFT)]
            + [("taijiang", Status.UNDER_REVIEW)] * 2
        )
        client.force_login(committee_user)
        summary = client.get(round_.get_absolute_url(), {"status": "under_review"}).context["summary"]
        assert summary.total == 6
        assert summary.by_status == [("草稿", 1), ("已报送", 3), ("评审中", 2)]
        assert [(d.code, n) for d, n in summary.by_district] == [("gulou", 4), ("taijiang", 2)]

    def test_district_summary_counts_only_its_own(self, client, district_user):
        round_ = _round_with([(district_user.district.code, Status.DRAFT), ("taijiang", Status.SUBMITTED)])
        client.force_login(district_user)
        summary = client.get(round_.get_absolute_url()).context["summary"]
        assert summary.total == 1
        assert [(d, n) for d, n in summary.by_district] == [(district_user.district, 1)]

    def test_an_unknown_status_is_refused_with_a_message_and_filters_nothing(self, client, committee_user):
        round_ = _round_with([("gulou", Status.SUBMITTED), ("taijiang", Status.UNDER_REVIEW)])
        client.force_login(committee_user)
        response = client.get(round_.get_absolute_url(), {"status": "bogus"})
        assert list(response.context["filter"].errors) == ["status"]
        assert "选择一个有效的选项" in response.content.decode()
        assert response.context["nominations"].paginator.count == 2


def _scored_round(count, reviewer):
    round_ = RoundFactory()
    criteria = [CriterionFactory(round=round_, max_score=100) for _ in range(2)]
    for i in range(count):
        nomination = BrandNominationFactory(round=round_, name=f"第{i:03d}", status=Status.UNDER_REVIEW)
        assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer)
        services.assignment_score(
            assignment=assignment, user=reviewer, values={c.pk: Decimal(i) for c in criteria}
        )
    return round_


class TestRanking:
    def test_pages_the_ranking_fifty_a_page_in_rank_order(self, client, committee_user, reviewer_user):
        round_ = _scored_round(55, reviewer_user)
        client.force_login(committee_user)
        url = reverse("brands:ranking", args=[round_.pk])
        first = client.get(url).context["rows"]
        second = client.get(url, {"page": 2}).context["rows"]
        assert len(first) == 50
        assert [(row.rank, row.nomination.name, row.total) for row in first[:2]] == [
            (1, "第054", Decimal("108.00")),
            (2, "第053", Decimal("106.00")),
        ]
        assert [(row.rank, row.nomination.name) for row in second] == [
            (51 + i, f"第{4 - i:03d}") for i in range(5)
        ]

    def test_export_keeps_every_row(self, client, committee_user, reviewer_user):
        round_ = _scored_round(55, reviewer_user)
        client.force_login(committee_user)
        response = client.get(reverse("brands:ranking", args=[round_.pk]), {"format": "xlsx"})
        rows = list(load_workbook(BytesIO(response.content)).active.values)[1:]
        assert len(rows) == 55
        assert rows[0][:2] == (1, "第054")
        assert rows[-1][:2] == (55, "第000")


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


class TestMyWork:
    def test_committee_sees_ten_submissions_and_per_round_links_to_all(self, client, committee_user):
        first = _round_with([("gulou", Status.SUBMITTED)] * 8)
        second = _round_with([("taijiang", Status.SUBMITTED)] * 7)
        client.force_login(committee_user)
        panels = client.get(reverse("my_work")).content.decode()
        assert panels.count('href="/brands/nominations/') == 10
        assert f'href="{first.get_absolute_url()}?status=submitted">{first.title}：全部 8 项' in panels
        assert f'href="{second.get_absolute_url()}?status=submitted">{second.title}：全部 7 项' in panels

    def test_committee_page_costs_the_same_for_15_submissions_as_for_150(self, client, committee_user):
        _round_with([("gulou", Status.SUBMITTED)] * 15)
        client.force_login(committee_user)
        small = _queries(client, reverse("my_work"))
        _round_with([("taijiang", Status.SUBMITTED)] * 135)
        assert _queries(client, reverse("my_work")) == small

    def test_reviewer_sees_the_ten_earliest_assignments_and_the_total(self, client, reviewer_user):
        round_ = RoundFactory()
        for i in range(12):
            nomination = BrandNominationFactory(round=round_, name=f"待评{i:02d}", status=Status.UNDER_REVIEW)
            AssignmentFactory(nomination=nomination, reviewer=reviewer_user, due_on=date(2030, 1, 1 + i))
        client.force_login(reviewer_user)
        html = client.get(reverse("my_work")).content.decode()
        assert ["待评09" in html, "待评10" in html] == [True, False]
        assert "共 12 项，以上为截止最早的 10 项。" in html

    def test_district_sees_its_first_ten_drafts_and_the_total(self, client, district_user):
        _round_with([(district_user.district.code, Status.DRAFT)] * 11)
        client.force_login(district_user)
        html = client.get(reverse("my_work")).content.decode()
        assert "共 11 项，以上为前 10 项；其余请在各批次页面查看。" in html
