import pytest
from django.urls import resolve, reverse

from tests.brands.factories import BrandNominationFactory

SHARED = [
    ("rounds", []),
    ("round_detail", [1]),
    ("round_create", []),
    ("round_edit", [1]),
    ("nomination_create", [1]),
    ("ranking", [1]),
    ("rewards", [1]),
    ("round_publicity", [1]),
    ("round_publish", [1]),
    ("publicity", [1]),
    ("nomination_detail", [1]),
    ("nomination_edit", [1]),
    ("evidence_upload", [1]),
    ("objection", [1]),
    ("nomination_action", [1, "submit"]),
    ("evidence", [1]),
    ("evidence_delete", [1]),
    ("score", [1]),
]
OWN = [
    ("brands", "registry", []),
    ("brands", "brand", [1]),
    ("brands", "inspection_schedule", [1]),
    ("brands", "inspection_record", [1]),
    ("awards", "stars", []),
    ("awards", "star", [1]),
    ("awards", "star_photo", [1]),
    ("awards", "nomination_photo", [1]),
]


@pytest.mark.parametrize(
    ("namespace", "name", "args"),
    [(ns, name, args) for ns in ("brands", "awards") for name, args in SHARED] + OWN,
)
def test_route_reverses_and_resolves(namespace, name, args):
    match = resolve(reverse(f"{namespace}:{name}", args=args))
    assert (match.namespace, match.url_name) == (namespace, name)


def test_public_lists_live_where_the_navigation_says():
    assert (reverse("brands:registry"), reverse("awards:stars")) == ("/brands/", "/awards/")


@pytest.mark.django_db
def test_unknown_action_is_a_404(client, committee_user):
    nomination = BrandNominationFactory()
    client.force_login(committee_user)
    assert (
        client.post(reverse("brands:nomination_action", args=[nomination.pk, "approve-all"])).status_code
        == 404
    )
