"""Star nominations: personal data kept to what is needed, consent, photos, the public Stars."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.models import StarNomination
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from tests.awards.factories import RoundFactory, StarNominationFactory
from tests.nominations import EXE_BYTES, png_bytes, stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_units")]

FORM = {
    "person_name": "林书香",
    "gender": "female",
    "birth_year": "1950",
    "occupation": "退休教师",
    "deeds": "坚持学习书法十年。",
    "learning_achievements": "作品入选市老年书画展。",
    "publication_consent": "on",
}


def _published(**kwargs):
    round_ = RoundFactory(results_published_at=timezone.now())
    return StarNominationFactory(round=round_, status=Status.SELECTED, **kwargs)


def test_no_identity_card_number_is_collected():
    names = {field.name for field in StarNomination._meta.get_fields()}
    assert not {name for name in names if "id_card" in name or "identity" in name or "id_number" in name}


def test_consent_is_required_to_submit(district_user):
    nomination = StarNominationFactory(created_by=district_user, publication_consent=False)
    with pytest.raises(ValidationError) as error:
        services.nomination_submit(nomination=nomination, user=district_user)
    assert error.value.messages == ["请先补充完整再报送，尚缺：本人同意公开。"]


def test_complete_star_nomination_is_submitted(district_user):
    nomination = StarNominationFactory(created_by=district_user)
    assert services.nomination_submit(nomination=nomination, user=district_user).status == Status.SUBMITTED


def test_district_uploads_a_photo_stored_under_a_generated_name(client, district_user, private_storage_dir):
    client.force_login(district_user)
    photo = SimpleUploadedFile("林书香.png", png_bytes())
    response = client.post(
        reverse("awards:nomination_create", args=[RoundFactory().pk]), {**FORM, "photo": photo}
    )
    nomination = StarNomination.objects.get()
    assert response["Location"] == nomination.get_absolute_url()
    [stored] = stored_files(private_storage_dir)
    assert stored.endswith(".png") and "林书香" not in stored
    assert client.get(reverse("awards:nomination_photo", args=[nomination.pk])).status_code == 200


def test_photo_that_is_not_an_image_is_refused(client, district_user, private_storage_dir):
    client.force_login(district_user)
    photo = SimpleUploadedFile("photo.jpg", EXE_BYTES)
    response = client.post(
        reverse("awards:nomination_create", args=[RoundFactory().pk]), {**FORM, "photo": photo}
    )
    assert "只接受 JPG、PNG 文件" in response.content.decode()
    assert StarNomination.objects.count() == 0
    assert stored_files(private_storage_dir) == []


def test_other_district_cannot_see_the_nomination_or_its_photo(client, other_district_user):
    nomination = StarNominationFactory()
    client.force_login(other_district_user)
    assert client.get(nomination.get_absolute_url()).status_code == 404
    assert client.get(reverse("awards:nomination_photo", args=[nomination.pk])).status_code == 404


class TestPublicStars:
    def test_list_shows_selected_stars_of_published_rounds_only(self, client):
        _published(person_name="林书香")
        StarNominationFactory(person_name="候选人", status=Status.IN_PUBLICITY)
        html = client.get(reverse("awards:stars")).content.decode()
        assert "林书香" in html
        assert "候选人" not in html

    def test_filters_by_year(self, client):
        _published(person_name="二〇一五之星")
        html = client.get(reverse("awards:stars"), {"year": 2014}).content.decode()
        assert "二〇一五之星" not in html

    def test_public_page_shows_name_district_and_deeds_only(self, client):
        star = _published(person_name="林书香", occupation="某某公司职工", birth_year=1950)
        html = client.get(star.get_public_url()).content.decode()
        assert "林书香" in html and "鼓楼区" in html and "坚持在社区老年大学学习书法十年" in html
        for private in ("某某公司职工", "1950", "书法作品入选市老年书画展"):
            assert private not in html
        assert reverse("awards:star_photo", args=[star.pk]) in html

    def test_photo_is_public_only_with_consent(self, client):
        consenting = _published()
        refusing = _published(publication_consent=False)
        assert client.get(reverse("awards:star_photo", args=[consenting.pk])).status_code == 200
        assert client.get(reverse("awards:star_photo", args=[refusing.pk])).status_code == 404
        assert (
            reverse("awards:star_photo", args=[refusing.pk])
            not in client.get(refusing.get_public_url()).content.decode()
        )

    def test_unpublished_star_page_is_404(self, client):
        star = StarNominationFactory(status=Status.SELECTED)
        assert client.get(star.get_public_url()).status_code == 404
        assert client.get(reverse("awards:star_photo", args=[star.pk])).status_code == 404


def test_star_round_page_for_committee_lists_nominations(client, committee_user):
    nomination = StarNominationFactory(status=Status.SUBMITTED, person_name="林书香")
    client.force_login(committee_user)
    response = client.get(nomination.round.get_absolute_url())
    assert "林书香" in response.content.decode()
    assert client.get(reverse("awards:rounds")).status_code == 200


def test_star_publicity_shows_deeds_as_summary(client):
    today = timezone.localdate()
    round_ = RoundFactory(
        closes_at=timezone.now() - timedelta(days=1),
        opens_at=timezone.now() - timedelta(days=9),
        publicity_starts_on=today,
        publicity_ends_on=today + timedelta(days=6),
    )
    StarNominationFactory(round=round_, status=Status.IN_PUBLICITY, deeds="十年如一日学习书法。")
    html = client.get(reverse("awards:publicity", args=[round_.pk])).content.decode()
    assert "十年如一日学习书法。" in html


@pytest.mark.parametrize("page", ["awards:ranking", "awards:rewards"])
def test_star_ranking_and_rewards_open_for_the_committee(client, committee_user, page):
    star = _published(reward_amount=2000)
    client.force_login(committee_user)
    response = client.get(reverse(page, args=[star.round_id]))
    assert response.status_code == 200
    assert star.person_name in response.content.decode()
