"""Rounds, nomination lists and results cost the same number of queries whatever the number of rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brands.models import Objection
from fuzhou_lle.accounts.models import Role
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import District
from tests.awards.factories import RoundFactory as StarRoundFactory
from tests.awards.factories import StarNominationFactory
from tests.brands.factories import (
    AssignmentFactory,
    BrandFactory,
    BrandNominationFactory,
    CriterionFactory,
    RoundFactory,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]


def _queries(client, url):
    cache.clear()  # measure rendering the page, not serving it from the public page cache
    ContentType.objects.clear_cache()  # else only the first page measured pays for its content type
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _brand_round(rows, reviewer):
    """A round in review with `rows` nominations from several districts, each scored on 3 criteria."""
    round_ = RoundFactory()
    criteria = [CriterionFactory(round=round_, max_score=10) for _ in range(3)]
    districts = list(District.objects.all())
    for i in range(rows):
        nomination = BrandNominationFactory(
            round=round_, district=districts[i % len(districts)], status=Status.UNDER_REVIEW
        )
        assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer)
        services.assignment_score(
            assignment=assignment, user=reviewer, values={c.pk: Decimal(i % 10) for c in criteria}
        )
        Objection.objects.create(nomination=nomination, contact="138", content="异议")
    return round_


@pytest.mark.parametrize("page", ["brands:round_detail", "brands:ranking", "brands:rewards"])
def test_committee_round_pages_are_constant(client, committee_user, reviewer_user, page):
    client.force_login(committee_user)
    small = _queries(client, reverse(page, args=[_brand_round(2, reviewer_user).pk]))
    large = _queries(client, reverse(page, args=[_brand_round(12, reviewer_user).pk]))
    assert small == large


def test_district_round_page_is_constant(client, district_user, reviewer_user):
    client.force_login(district_user)
    small = _queries(client, _brand_round(2, reviewer_user).get_absolute_url())
    large = _queries(client, _brand_round(12, reviewer_user).get_absolute_url())
    assert small == large


def test_round_list_is_constant(client, committee_user):
    client.force_login(committee_user)
    RoundFactory()
    small = _queries(client, reverse("brands:rounds"))
    for _ in range(8):
        RoundFactory()
    assert _queries(client, reverse("brands:rounds")) == small


def test_nomination_page_is_constant_in_assignments_and_evidence(client, committee_user, reviewer_user):
    client.force_login(committee_user)

    def nomination_with(reviewers):
        round_ = RoundFactory()
        criteria = [CriterionFactory(round=round_, max_score=10) for _ in range(3)]
        nomination = BrandNominationFactory(round=round_, status=Status.UNDER_REVIEW)
        for _ in range(reviewers):
            reviewer = UserFactory(role=Role.REVIEWER, unit=reviewer_user.unit)
            assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer)
            services.assignment_score(
                assignment=assignment, user=reviewer, values={c.pk: 5 for c in criteria}
            )
            nomination.evidence.create(
                file="x.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
                uploaded_by=reviewer,
            )
        return nomination

    assert _queries(client, nomination_with(1).get_absolute_url()) == _queries(
        client, nomination_with(6).get_absolute_url()
    )


def test_public_registry_is_constant(client):
    BrandFactory()
    small = _queries(client, reverse("brands:registry"))
    for _ in range(10):
        BrandFactory()
    assert _queries(client, reverse("brands:registry")) == small


def test_public_publicity_page_is_constant(client):
    today = timezone.localdate()

    def round_with(rows):
        round_ = RoundFactory(
            opens_at=timezone.now() - timedelta(days=20),
            closes_at=timezone.now() - timedelta(days=10),
            publicity_starts_on=today,
            publicity_ends_on=today + timedelta(days=6),
        )
        BrandNominationFactory.create_batch(rows, round=round_, status=Status.IN_PUBLICITY)
        return round_

    small = _queries(client, reverse("brands:publicity", args=[round_with(1).pk]))
    assert _queries(client, reverse("brands:publicity", args=[round_with(10).pk])) == small


def test_public_stars_are_constant(client):
    round_ = StarRoundFactory(results_published_at=timezone.now())
    StarNominationFactory(round=round_, status=Status.SELECTED)
    small = _queries(client, reverse("awards:stars"))
    StarNominationFactory.create_batch(10, round=round_, status=Status.SELECTED)
    assert _queries(client, reverse("awards:stars")) == small
