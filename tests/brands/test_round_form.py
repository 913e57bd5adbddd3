"""The committee's page for opening and changing a round (征集批次), shared by brands and awards."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brands.models import Criterion, DistrictQuota, Round
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from tests.brands.factories import BrandNominationFactory, CriterionFactory, RoundFactory, district
from tests.nominations import round_form_data as form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def nothing_saved():
    return (Round.objects.count(), Criterion.objects.count(), DistrictQuota.objects.count()) == (0, 0, 0)


@pytest.fixture
def open_round():
    round_ = RoundFactory()
    CriterionFactory(round=round_, name="特色鲜明", max_score=50)
    return round_


class TestPermissions:
    @pytest.mark.parametrize("page", ["create", "edit"])
    def test_anonymous_is_sent_to_login(self, client, open_round, page):
        url = (
            reverse("brands:round_create")
            if page == "create"
            else reverse("brands:round_edit", args=[open_round.pk])
        )
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("persona", ["district_user", "reviewer_user", "unit_user"])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_others_than_committee_are_refused(self, client, request, open_round, persona, method):
        client.force_login(request.getfixturevalue(persona))
        for url in (reverse("brands:round_create"), reverse("brands:round_edit", args=[open_round.pk])):
            assert getattr(client, method)(url, form_data()).status_code == 403
        assert Round.objects.count() == 1

    def test_committee_sees_both_pages(self, client, committee_user, open_round):
        client.force_login(committee_user)
        assert client.get(reverse("brands:round_create")).status_code == 200
        assert client.get(reverse("brands:round_edit", args=[open_round.pk])).status_code == 200

    def test_only_committee_gets_the_buttons(self, client, committee_user, district_user, open_round):
        create = reverse("brands:round_create")
        edit = reverse("brands:round_edit", args=[open_round.pk])
        client.force_login(district_user)
        assert create not in client.get(reverse("brands:rounds")).content.decode()
        assert edit not in client.get(open_round.get_absolute_url()).content.decode()
        client.force_login(committee_user)
        assert create in client.get(reverse("brands:rounds")).content.decode()
        assert edit in client.get(open_round.get_absolute_url()).content.decode()


class TestCreate:
    def test_saves_round_criteria_and_quota_overrides(self, client, committee_user):
        client.force_login(committee_user)
        data = form_data(**{f"quota-district_{district('taijiang').pk}": "0"})
        response = client.post(reverse("brands:round_create"), data)
        round_ = Round.objects.get()
        assert response.status_code == 302
        assert response["Location"] == round_.get_absolute_url()
        assert (
            round_.kind,
            round_.year,
            round_.batch,
            round_.title,
            round_.call_text,
            round_.default_quota,
        ) == (
            "community",
            2016,
            "第二批",
            "2016年第二批市级社区教育品牌",
            "请各县（市）区推荐。",
            2,
        )
        assert round_.opens_at == datetime(2036, 3, 1, 9, 0, tzinfo=SHANGHAI)
        assert round_.closes_at == datetime(2036, 3, 31, 17, 30, tzinfo=SHANGHAI)
        assert (round_.publicity_starts_on, round_.results_published_at) == (None, None)
        assert list(round_.criteria.values_list("name", "description", "max_score", "order")) == [
            ("特色鲜明", "有独特的做法", 40, 0),
            ("成效显著", "", 60, 1),
        ]
        assert sorted(round_.quotas.values_list("district__code", "quota")) == [("gulou", 3), ("taijiang", 0)]
        assert round_.quota_for(district("gulou")) == 3
        assert round_.quota_for(district("cangshan")) == 2

    def test_form_shows_the_sites_time_in_the_picker(self, client, committee_user):
        round_ = RoundFactory(opens_at=datetime(2016, 3, 1, 1, 0, tzinfo=ZoneInfo("UTC")))
        client.force_login(committee_user)
        page = client.get(reverse("brands:round_edit", args=[round_.pk])).content.decode()
        assert 'value="2016-03-01T09:00"' in page

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"closes_at": "2036-03-01T09:00"}, "截止时间必须晚于开始时间。"),
            ({"criteria-0-max_score": "0"}, "满分至少为 1 分。"),
            ({"criteria-1-name": "特色鲜明"}, "评审指标“特色鲜明”重复，请合并或改用不同的名称。"),
            ({"criteria-1-name": " 特色鲜明 "}, "评审指标“特色鲜明”重复，请合并或改用不同的名称。"),
            (
                {
                    "criteria-0-name": "",
                    "criteria-0-description": "",
                    "criteria-0-max_score": "",
                    "criteria-1-name": "",
                    "criteria-1-max_score": "",
                },
                "请至少设置一项评审指标。",
            ),
            ({"criteria-1-max_score": ""}, "请填写满分。"),
            ({"criteria-1-name": ""}, "请填写评审指标名称。"),
            ({"closes_at": "明天"}, "输入一个有效的日期/时间。"),
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_saved(self, client, committee_user, changes, message):
        client.force_login(committee_user)
        response = client.post(reverse("brands:round_create"), form_data(**changes))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert nothing_saved()

    def test_closing_time_in_the_past_is_refused(self, client, committee_user):
        client.force_login(committee_user)
        past = timezone.localtime() - timedelta(hours=1)
        data = form_data(opens_at=f"{past:%Y}-01-01T09:00", closes_at=f"{past:%Y-%m-%dT%H:%M}")
        response = client.post(reverse("brands:round_create"), data)
        assert "截止报送时间已过，请选择将来的时间。" in response.content.decode()
        assert nothing_saved()

    def test_a_closed_rounds_text_can_still_be_corrected(self, client, committee_user):
        round_ = RoundFactory(
            opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
        )
        client.force_login(committee_user)
        page = client.get(reverse("brands:round_edit", args=[round_.pk])).content.decode()
        closes = re.search(r'name="closes_at" value="([^"]+)"', page).group(1)
        opens = re.search(r'name="opens_at" value="([^"]+)"', page).group(1)
        data = form_data(opens_at=opens, closes_at=closes, title="更正后的标题")
        assert client.post(reverse("brands:round_edit", args=[round_.pk]), data).status_code == 302
        round_.refresh_from_db()
        assert round_.title == "更正后的标题"

    def test_negative_quota_is_refused(self, client, committee_user):
        client.force_login(committee_user)
        data = form_data(**{f"quota-district_{district('gulou').pk}": "-1"})
        response = client.post(reverse("brands:round_create"), data)
        assert "名额不能为负数。" in response.content.decode()
        assert nothing_saved()

    def test_same_kind_year_and_batch_is_refused_in_plain_words(self, client, committee_user):
        RoundFactory(kind="community", year=2016, batch="第二批")
        client.force_login(committee_user)
        response = client.post(reverse("brands:round_create"), form_data())
        assert "2016年“社区教育品牌”已有“第二批”，请换一个批次名称或修改原批次。" in response.content.decode()
        assert (Round.objects.count(), Criterion.objects.count(), DistrictQuota.objects.count()) == (1, 0, 0)

    def test_same_batch_of_the_other_kind_is_allowed(self, client, committee_user):
        RoundFactory(kind="activity", year=2016, batch="第二批")
        client.force_login(committee_user)
        assert client.post(reverse("brands:round_create"), form_data()).status_code == 302
        assert Round.objects.count() == 2


class TestEdit:
    def test_replaces_criteria_and_quotas(self, client, committee_user, open_round):
        DistrictQuota.objects.create(round=open_round, district=district("taijiang"), quota=5)
        BrandNominationFactory(round=open_round)  # a draft does not lock the round
        client.force_login(committee_user)
        response = client.post(reverse("brands:round_edit", args=[open_round.pk]), form_data())
        assert response.status_code == 302
        open_round.refresh_from_db()
        assert (open_round.title, open_round.batch) == ("2016年第二批市级社区教育品牌", "第二批")
        assert list(open_round.criteria.values_list("name", "max_score")) == [
            ("特色鲜明", 40),
            ("成效显著", 60),
        ]
        assert list(open_round.quotas.values_list("district__code", "quota")) == [("gulou", 3)]

    def test_page_starts_from_what_the_round_has(self, client, committee_user, open_round):
        DistrictQuota.objects.create(round=open_round, district=district("taijiang"), quota=5)
        client.force_login(committee_user)
        page = client.get(reverse("brands:round_edit", args=[open_round.pk])).content.decode()
        assert 'name="criteria-0-name" value="特色鲜明"' in page
        assert f'name="quota-district_{district("taijiang").pk}" value="5"' in page

    def test_refused_once_a_nomination_is_submitted(self, client, committee_user, open_round):
        BrandNominationFactory(round=open_round, status=Status.SUBMITTED)
        client.force_login(committee_user)
        url = reverse("brands:round_edit", args=[open_round.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, form_data()).status_code == 403
        open_round.refresh_from_db()
        assert open_round.batch != "第二批"
        assert list(open_round.criteria.values_list("name", "max_score")) == [("特色鲜明", 50)]
        page = client.get(open_round.get_absolute_url()).content.decode()
        assert url not in page
        assert "本批次的报送时间、评审指标和名额已锁定" in page

    def test_refused_once_results_are_published(self, client, committee_user):
        round_ = RoundFactory(results_published_at=timezone.now())
        client.force_login(committee_user)
        assert client.get(reverse("brands:round_edit", args=[round_.pk])).status_code == 403

    def test_unknown_round_is_a_404(self, client, committee_user):
        client.force_login(committee_user)
        assert client.get(reverse("brands:round_edit", args=[999])).status_code == 404


def test_edit_page_queries_do_not_grow_with_criteria_or_quotas(client, committee_user):
    def queries(round_):
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("brands:round_edit", args=[round_.pk])).status_code == 200
        return len(context)

    client.force_login(committee_user)
    small, large = RoundFactory(), RoundFactory()
    CriterionFactory(round=small)
    for code in ("gulou", "taijiang", "cangshan", "jinan", "mawei"):
        DistrictQuota.objects.create(round=large, district=district(code), quota=1)
    for _ in range(8):
        CriterionFactory(round=large)
    assert queries(small) == queries(large)


class TestService:
    """round_save guards the data whatever calls it, not only behind the form."""

    def _round(self):
        return Round(
            kind="community",
            year=2016,
            batch="第三批",
            title="第三批",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=30),
        )

    def test_refuses_anyone_but_the_committee(self, district_user):
        with pytest.raises(PermissionDenied):
            services.round_save(round_=self._round(), criteria=CRITERIA, quotas={}, user=district_user)
        assert nothing_saved()

    def test_criterion_rows_are_checked_too(self, committee_user):
        with pytest.raises(ValidationError):
            services.round_save(
                round_=self._round(),
                criteria=[{"name": "特色鲜明", "description": "", "max_score": 0}],
                quotas={district("gulou"): 3},
                user=committee_user,
            )
        assert nothing_saved()


CRITERIA = [{"name": "特色鲜明", "description": "", "max_score": 40}]
