"""The nomination pages, role by role, through the test client."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from brands.models import Brand, BrandNomination
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from tests.brands.factories import BrandNominationFactory, CriterionFactory, RoundFactory, district
from tests.nominations import PDF_BYTES, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]

FORM = {
    "name": "书香鼓楼",
    "organiser": "鼓东街道社区学校",
    "category": "reading",
    "year_started": "2010",
    "description": "社区读书会。",
    "achievements": "服务两万人次。",
    "participants_per_year": "4000",
    "contact_name": "王老师",
    "contact_phone": "0591-87654321",
}


def test_round_pages_need_login(client):
    round_ = RoundFactory()
    for url in (reverse("brands:rounds"), round_.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_district_sees_its_quota_and_can_start_a_nomination(client, district_user):
    round_ = RoundFactory(default_quota=3)
    BrandNominationFactory(round=round_, status=Status.SUBMITTED)
    client.force_login(district_user)
    html = client.get(round_.get_absolute_url()).content.decode()
    assert "本区名额 3 个，已报送 1 个，还可报送 2 个。" in html
    assert reverse("brands:nomination_create", args=[round_.pk]) in html


class TestPlacesUsedUp:
    """A district learns that its places are used up before it fills in a form, not after."""

    @pytest.fixture
    def round_(self):
        round_ = RoundFactory(default_quota=1)
        BrandNominationFactory(round=round_, status=Status.SUBMITTED)
        return round_

    def test_round_page_disables_new_nomination_and_says_why(self, client, district_user, round_):
        client.force_login(district_user)
        html = client.get(round_.get_absolute_url()).content.decode()
        assert "本区名额 1 个，已报送 1 个，还可报送 0 个。" in html
        assert "名额已用完，不能再新建或报送推荐。" in html
        assert (
            '<button class="btn btn-primary" type="button" disabled aria-describedby="places-note">新建推荐'
            in html
        )
        assert reverse("brands:nomination_create", args=[round_.pk]) not in html

    def test_creating_is_refused_and_saves_nothing(self, client, district_user, round_):
        client.force_login(district_user)
        url = reverse("brands:nomination_create", args=[round_.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, FORM).status_code == 403
        assert BrandNomination.objects.count() == 1

    def test_draft_page_disables_submit_and_says_why(self, client, district_user, round_):
        draft = BrandNominationFactory(round=round_, created_by=district_user)
        client.force_login(district_user)
        html = client.get(draft.get_absolute_url()).content.decode()
        assert "名额已用完，不能再新建或报送推荐。" in html
        assert (
            '<button class="btn btn-primary" type="button" disabled aria-describedby="places-note">报送'
            in html
        )
        assert reverse("brands:nomination_action", args=[draft.pk, "submit"]) not in html

    def test_draft_with_a_place_left_can_be_submitted(self, client, district_user):
        draft = BrandNominationFactory(round=RoundFactory(default_quota=2), created_by=district_user)
        client.force_login(district_user)
        html = client.get(draft.get_absolute_url()).content.decode()
        assert "本区名额 2 个，已报送 0 个，还可报送 2 个。" in html
        assert reverse("brands:nomination_action", args=[draft.pk, "submit"]) in html


def test_district_creates_a_draft_for_its_own_district(client, district_user):
    round_ = RoundFactory()
    client.force_login(district_user)
    response = client.post(reverse("brands:nomination_create", args=[round_.pk]), FORM)
    nomination = BrandNomination.objects.get()
    assert response["Location"] == nomination.get_absolute_url()
    assert (nomination.district, nomination.status, nomination.created_by) == (
        district("gulou"),
        Status.DRAFT,
        district_user,
    )


@pytest.mark.parametrize("persona", ["committee_user", "reviewer_user", "unit_user"])
def test_only_districts_create_nominations(client, request, persona):
    round_ = RoundFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("brands:nomination_create", args=[round_.pk]), FORM).status_code == 403
    assert BrandNomination.objects.count() == 0


def test_no_new_nominations_after_the_deadline(client, district_user):
    now = timezone.now()
    round_ = RoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    client.force_login(district_user)
    assert client.get(reverse("brands:nomination_create", args=[round_.pk])).status_code == 403


def test_form_limits_long_texts_and_counts_characters(client, district_user):
    client.force_login(district_user)
    html = client.get(reverse("brands:nomination_create", args=[RoundFactory().pk])).content.decode()
    assert 'maxlength="1000"' in html and 'maxlength="1500"' in html
    assert "data-char-counter" in html
    assert "/static/js/nominations." in html
    assert "<script>" not in html  # no inline script: CSP allows only files from /static/


def test_too_long_description_is_refused(client, district_user):
    client.force_login(district_user)
    data = {**FORM, "description": "字" * 1001}
    response = client.post(reverse("brands:nomination_create", args=[RoundFactory().pk]), data)
    assert "确保该变量包含不超过 1000 字符 (目前字符数 1001)。" in response.content.decode()
    assert BrandNomination.objects.count() == 0


def test_submit_refusal_is_shown_in_chinese(client, district_user):
    nomination = BrandNominationFactory(created_by=district_user)
    client.force_login(district_user)
    response = client.post(reverse("brands:nomination_action", args=[nomination.pk, "submit"]), follow=True)
    assert "请先补充完整再报送，尚缺：证明材料。" in response.content.decode()


def test_committee_runs_the_round_from_the_pages(client, committee_user, district_user, reviewer_user):
    round_ = RoundFactory()
    CriterionFactory(round=round_, max_score=100)
    nomination = BrandNominationFactory(round=round_, created_by=district_user, status=Status.SUBMITTED)
    client.force_login(committee_user)

    def act(action, data=None):
        response = client.post(reverse("brands:nomination_action", args=[nomination.pk, action]), data or {})
        assert response.status_code == 302

    act("accept")
    act("assign", {"reviewer": reviewer_user.pk, "due_on": timezone.localdate() + timedelta(days=7)})
    act("shortlist")
    round_.closes_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    today = timezone.localdate()
    client.post(
        reverse("brands:round_publicity", args=[round_.pk]),
        {"starts_on": today - timedelta(days=7), "ends_on": today - timedelta(days=1)},
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_PUBLICITY
    client.post(reverse("brands:round_publish", args=[round_.pk]))
    nomination.refresh_from_db()
    assert nomination.status == Status.SELECTED
    assert Brand.objects.get().nomination == nomination
    act("recommend-nation")
    act("reward", {"amount": "5000"})
    nomination.refresh_from_db()
    assert (nomination.nation_outcome, nomination.reward_amount) == ("recommended", Decimal("5000.00"))
    assert nomination.name in client.get(reverse("brands:registry")).content.decode()


def test_rewards_are_totalled_per_district_and_exported(client, committee_user):
    round_ = RoundFactory()
    BrandNominationFactory(round=round_, name="甲", status=Status.SELECTED, reward_amount=Decimal("3000"))
    BrandNominationFactory(round=round_, name="乙", status=Status.SELECTED, reward_amount=Decimal("2000"))
    BrandNominationFactory(
        round=round_,
        name="丙",
        status=Status.SELECTED,
        reward_amount=Decimal("1500"),
        district=district("taijiang"),
    )
    BrandNominationFactory(round=round_, name="丁", status=Status.NOT_SELECTED, reward_amount=Decimal("999"))
    client.force_login(committee_user)
    response = client.get(reverse("brands:rewards", args=[round_.pk]))
    totals = response.context["totals"]
    assert [(d.name, c, a) for d, c, a in totals.by_district] == [
        ("鼓楼区", 2, Decimal("5000")),
        ("台江区", 1, Decimal("1500")),
    ]
    assert totals.total == Decimal("6500")
    sheet = load_workbook(
        BytesIO(client.get(reverse("brands:rewards", args=[round_.pk]), {"format": "xlsx"}).content)
    )
    assert list(sheet.active.values)[-1] == ("本批次合计", None, 6500)


def test_evidence_is_listed_on_the_nomination_page(client, district_user):
    nomination = BrandNominationFactory(created_by=district_user)
    services.evidence_add(nomination=nomination, user=district_user, upload=upload("活动照片.pdf", PDF_BYTES))
    client.force_login(district_user)
    assert "活动照片.pdf" in client.get(nomination.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("district_user", 403), ("reviewer_user", 403), ("committee_user", 200)],
)
@pytest.mark.parametrize("page", ["brands:rewards", "brands:ranking"])
def test_committee_pages_by_role(client, request, persona, expected, page):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(page, args=[RoundFactory().pk])).status_code == expected
