"""Stars rounds are opened through the same committee page as brand rounds."""

import pytest
from django.urls import reverse

from awards.models import Round
from tests.nominations import round_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("district_user", 403), ("reviewer_user", 403), ("unit_user", 403), ("committee_user", 200)],
)
def test_only_committee_may_open_a_stars_round(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("awards:round_create")).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("awards:round_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("kind", "saved"), [("star", 1), ("community", 0)])
def test_only_the_apps_own_kinds_are_accepted(client, committee_user, kind, saved):
    client.force_login(committee_user)
    response = client.post(reverse("awards:round_create"), round_form_data(kind=kind, batch="第一届"))
    assert Round.objects.count() == saved
    if saved:
        round_ = Round.objects.get()
        assert response["Location"] == reverse("awards:round_detail", args=[round_.pk])
        assert (round_.kind, round_.batch, round_.quotas.get().quota) == ("star", "第一届", 3)
        assert list(round_.criteria.values_list("name", "max_score")) == [("特色鲜明", 40), ("成效显著", 60)]
    else:
        assert "选择一个有效的选项。" in response.content.decode()
