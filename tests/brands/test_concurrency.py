"""The quota holds when two people of a district submit at the same moment (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from brands.models import BrandNomination
from fuzhou_lle.nominations import services
from fuzhou_lle.workflow import Status
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.nominations import upload

# Rows committed by other threads must be visible, so no wrapping transaction; the serialized
# rollback restores the migrations' data (the role groups) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_simultaneous_submissions_cannot_exceed_the_quota(district_user, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite 不支持行锁（select_for_update）；请用 PostgreSQL 运行本测试")
    round_ = RoundFactory(default_quota=1)
    drafts = []
    for _ in range(2):
        draft = BrandNominationFactory(round=round_, created_by=district_user)
        services.evidence_add(nomination=draft, user=district_user, upload=upload())
        drafts.append(draft)

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
