"""Publicity with objections, the public registry, and brand upkeep (动态检查)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brands import services as brand_services
from brands.models import Brand, Inspection, Objection
from fuzhou_lle.nominations.services import OBJECTIONS_PER_HOUR
from fuzhou_lle.nominations.workflow import Status
from tests.brands.factories import (
    BrandFactory,
    BrandNominationFactory,
    InspectionFactory,
    RoundFactory,
    district,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]


@pytest.fixture
def in_publicity(reference_units):
    today = timezone.localdate()
    now = timezone.now()
    round_ = RoundFactory(
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=10),
        publicity_starts_on=today - timedelta(days=1),
        publicity_ends_on=today + timedelta(days=5),
    )
    return BrandNominationFactory(
        round=round_, status=Status.IN_PUBLICITY, description="社区读书会，每月一次。"
    )


def test_publicity_page_is_public_and_lists_entries_with_summary(client, in_publicity):
    BrandNominationFactory(round=in_publicity.round, name="未入围品牌", status=Status.NOT_SELECTED)
    response = client.get(reverse("brands:publicity", args=[in_publicity.round_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert in_publicity.name in html and "社区读书会，每月一次。" in html
    assert "未入围品牌" not in html
    assert "0591-87654321" not in html  # contact details are not public


def test_publicity_page_is_404_outside_the_window(client, reference_units):
    round_ = RoundFactory()
    assert client.get(reverse("brands:publicity", args=[round_.pk])).status_code == 404


def test_objection_reaches_the_committee(client, in_publicity, committee_user):
    url = reverse("brands:objection", args=[in_publicity.pk])
    response = client.post(url, {"name": "李先生", "contact": "13800000000", "content": "参与人数有夸大。"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.nomination, objection.contact) == (in_publicity, "13800000000")
    client.force_login(committee_user)
    assert "参与人数有夸大。" in client.get(in_publicity.round.get_absolute_url()).content.decode()


def test_objection_requires_a_contact(client, in_publicity):
    response = client.post(reverse("brands:objection", args=[in_publicity.pk]), {"content": "有异议"})
    assert response.status_code == 200
    assert "该字段是必填项。" in response.content.decode()
    assert Objection.objects.count() == 0


def test_objections_are_throttled_per_address(client, in_publicity):
    url = reverse("brands:objection", args=[in_publicity.pk])
    data = {"contact": "13800000000", "content": "有异议"}
    for _ in range(OBJECTIONS_PER_HOUR):
        assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert "提交过于频繁" in response.content.decode()
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR
    # Another address is not affected.
    assert client.post(url, data, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_behind_the_proxy_objections_are_throttled_per_real_address(client, in_publicity, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # every request comes through nginx
    url = reverse("brands:objection", args=[in_publicity.pk])
    data = {"contact": "13800000000", "content": "有异议"}
    for n in range(OBJECTIONS_PER_HOUR):
        # A forged entry before nginx's own changes nothing.
        assert client.post(url, data, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.66").status_code == 302
    response = client.post(url, data, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert "提交过于频繁" in response.content.decode()
    # The rest of the city can still object.
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302


def test_district_sees_no_objections(client, in_publicity, district_user):
    Objection.objects.create(nomination=in_publicity, contact="138", content="秘密异议")
    client.force_login(district_user)
    assert "秘密异议" not in client.get(in_publicity.round.get_absolute_url()).content.decode()


class TestRegistry:
    def test_lists_active_and_warned_brands_not_revoked_ones(self, client, reference_units):
        BrandFactory(nomination__name="书香鼓楼")
        BrandFactory(nomination__name="警告品牌", status=Brand.Status.WARNED)
        revoked = BrandFactory(nomination__name="撤销品牌", status=Brand.Status.REVOKED)
        response = client.get(reverse("brands:registry"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "书香鼓楼" in html and "警告品牌" in html
        assert "撤销品牌" not in html
        assert client.get(revoked.get_absolute_url()).status_code == 404

    def test_filters_by_year_and_district(self, client, reference_units):
        BrandFactory(nomination__name="鼓楼2015", nomination__round__year=2015)
        BrandFactory(nomination__name="鼓楼2014", nomination__round__year=2014)
        BrandFactory(nomination__name="台江2015", nomination__district=district("taijiang"))
        html = client.get(reverse("brands:registry"), {"year": 2015, "district": "gulou"}).content.decode()
        assert "鼓楼2015" in html
        assert "鼓楼2014" not in html and "台江2015" not in html

    def test_brand_page_is_public_without_contact_details(self, client, reference_units):
        brand = BrandFactory(nomination__name="书香鼓楼")
        html = client.get(brand.get_absolute_url()).content.decode()
        assert "书香鼓楼" in html
        assert "0591-87654321" not in html
        assert "动态检查" not in html


class TestInspections:
    def test_committee_schedules_and_records_an_inspection_that_revokes(self, client, committee_user):
        brand = BrandFactory()
        client.force_login(committee_user)
        due = timezone.localdate() + timedelta(days=30)
        client.post(reverse("brands:inspection_schedule", args=[brand.pk]), {"due_on": due})
        inspection = Inspection.objects.get()
        assert inspection.due_on == due
        client.post(
            reverse("brands:inspection_record", args=[inspection.pk]),
            {"done_on": due, "findings": "活动已停办一年。", "outcome": "revoke"},
        )
        brand.refresh_from_db()
        inspection.refresh_from_db()
        assert (brand.status, inspection.outcome, inspection.inspector) == (
            "revoked",
            "revoke",
            committee_user,
        )
        # History stays, for the committee.
        assert "活动已停办一年。" in client.get(brand.get_absolute_url()).content.decode()
        assert brand not in Brand.objects.listed()

    def test_warning_keeps_the_brand_listed(self, committee_user):
        inspection = InspectionFactory()
        brand_services.inspection_record(
            inspection=inspection,
            user=committee_user,
            done_on=timezone.localdate(),
            findings="参与人数下降。",
            outcome=Inspection.Outcome.WARN,
        )
        assert list(Brand.objects.listed()) == [inspection.brand]
        assert Brand.objects.get().status == Brand.Status.WARNED

    def test_inspection_needs_findings(self, committee_user):
        with pytest.raises(ValidationError, match="请填写检查情况"):
            brand_services.inspection_record(
                inspection=InspectionFactory(),
                user=committee_user,
                done_on=timezone.localdate(),
                findings=" ",
                outcome=Inspection.Outcome.KEEP,
            )

    @pytest.mark.parametrize("persona", ["district_user", "reviewer_user"])
    def test_others_cannot_schedule(self, client, request, persona):
        brand = BrandFactory()
        client.force_login(request.getfixturevalue(persona))
        response = client.post(
            reverse("brands:inspection_schedule", args=[brand.pk]), {"due_on": "2026-01-01"}
        )
        assert response.status_code == 403
        assert Inspection.objects.count() == 0


def test_home_links_to_the_publicity_notice(client, in_publicity):
    html = client.get(reverse("home")).content.decode()
    assert reverse("brands:publicity", args=[in_publicity.round_id]) in html
