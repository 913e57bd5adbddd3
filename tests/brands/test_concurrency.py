"""The quota holds when two people of a district submit at the same moment (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from brands.models import BrandNomination
from fuzhou_lle.models import Role, Unit
from fuzhou_lle.nominations import services
from fuzhou_lle.reference import district_committee_name
from fuzhou_lle.services import reference_units_ensure
from fuzhou_lle.workflow import Status
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.factories import UserFactory
from tests.nominations import upload

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite 不支持行锁（select_for_update）；请用 PostgreSQL 运行本测试",
)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """A district user and a round with two complete drafts, committed for real so that other threads
    see them. Not a transactional test: its flush would empty the tables the migrations filled (the
    role groups) for the tests that follow; this removes only what it made."""
    with django_db_blocker.unblock():
        reference_units_ensure()
        Group.objects.get_or_create(name=Role.DISTRICT)
        user = UserFactory(
            username="concurrent_gulou",
            role=Role.DISTRICT,
            unit=Unit.objects.get(name=district_committee_name("鼓楼区")),
        )
        round_ = RoundFactory(default_quota=1)
        drafts = []
        for _ in range(2):
            draft = BrandNominationFactory(round=round_, created_by=user)
            services.evidence_add(nomination=draft, user=user, upload=upload())
            drafts.append(draft)
        yield user, round_, drafts
        BrandNomination.objects.filter(round=round_).delete()
        round_.delete()
        user.delete()


def test_two_simultaneous_submissions_cannot_exceed_the_quota(committed, monkeypatch):
    district_user, round_, drafts = committed

    # Widen the window between checking the quota and writing, so that without the row lock both
    # submissions would see zero places used and both go through.
    original = BrandNomination.missing_for_submit

    def slow_check(self):
        time.sleep(0.3)
        return original(self)

    monkeypatch.setattr(BrandNomination, "missing_for_submit", slow_check)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(nomination):
        try:
            barrier.wait()
            services.nomination_submit(nomination=nomination, user=district_user)
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.extend(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["submitted", "本区在本批次的名额（1 个）已用完，不能再报送。"]
    assert round_.nominations.filter(status=Status.SUBMITTED).count() == 1
