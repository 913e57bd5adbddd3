"""Text people type is shown as text: a criterion's description on the reviewer's score form."""

import pytest
from django.urls import reverse

from fuzhou_lle.nominations.workflow import Status
from tests.brands.factories import AssignmentFactory, BrandNominationFactory, CriterionFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_criterion_description_is_escaped_on_the_score_form(client, district_user, reviewer_user):
    round_ = RoundFactory()
    CriterionFactory(round=round_, name="特色<b>鲜明</b>", description="<script>alert(1)</script>看效果")
    nomination = BrandNominationFactory(round=round_, created_by=district_user, status=Status.UNDER_REVIEW)
    assignment = AssignmentFactory(nomination=nomination, reviewer=reviewer_user)
    client.force_login(reviewer_user)
    html = client.get(reverse("brands:score", args=[assignment.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;看效果" in html
    assert "<script>alert(1)" not in html
    assert "<b>鲜明</b>" not in html
