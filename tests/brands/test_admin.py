"""The committee opens rounds (criteria and quotas on the same page) and reads everything in the admin."""

import pytest
from django.urls import reverse

from fuzhou_lle.accounts.services import committee_permissions_sync
from tests.awards.factories import StarNominationFactory
from tests.brands.factories import BrandFactory, CriterionFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "brands_round",
    "brands_brandnomination",
    "brands_brand",
    "brands_objection",
    "brands_assignment",
    "awards_round",
    "awards_starnomination",
    "awards_objection",
    "awards_assignment",
]


@pytest.mark.parametrize("model", MODELS)
def test_committee_opens_each_admin_list(client, committee_user, model):
    committee_permissions_sync()
    client.force_login(committee_user)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_round_page_has_criteria_and_quotas_in_chinese(client, committee_user):
    committee_permissions_sync()
    criterion = CriterionFactory()
    BrandFactory()
    StarNominationFactory()
    client.force_login(committee_user)
    html = client.get(reverse("admin:brands_round_change", args=[criterion.round_id])).content.decode()
    assert "评审指标" in html and "名额调整" in html and "每区默认名额" in html


def test_nomination_page_shows_its_log_read_only(client, committee_user):
    committee_permissions_sync()
    nomination = BrandFactory().nomination
    nomination.transitions.create(actor=committee_user, from_status="in_publicity", to_status="selected")
    client.force_login(committee_user)
    html = client.get(reverse("admin:brands_brandnomination_change", args=[nomination.pk])).content.decode()
    assert "流转记录" in html and "公示中" in html
