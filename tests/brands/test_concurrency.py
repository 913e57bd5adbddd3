"""The quota holds when two people of a district submit at the same moment (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from brands.models import BrandNomination
from fuzhou_lle.accounts.models import Role
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.nominations import services
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import district_committee_name
from fuzhou_lle.units.services import reference_units_ensure
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.factories import UserFactory
from tests.nominations import upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite 不支持行锁（select_for_update）；请用 PostgreSQL 运行本测试",
    ),
]


def _in_own_connection(function, *args):
    """Run `function` in a thread of its own, so on a connection of its own outside the test's
    transaction: what it writes is committed and seen by the other threads. (A transactional test
    would instead flush every table afterwards, the migrations' role groups included.)"""
    result = {}

    def run():
        try:
            result["value"] = function(*args)
        except BaseException as error:  # handed to the calling thread
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def _two_complete_drafts():
    reference_units_ensure()
    user = UserFactory(
        username="concurrent_gulou",
        role=Role.DISTRICT,
        unit=Unit.objects.get(name=district_committee_name("鼓楼区")),
    )
    round_ = RoundFactory(default_quota=1)
    drafts = [BrandNominationFactory(round=round_, created_by=user) for _ in range(2)]
    for draft in drafts:
        services.evidence_add(nomination=draft, user=user, upload=upload())
    return user, round_, drafts


def _remove(user, round_):
    # The audit trail refuses row deletes (its trigger), and its events keep their actor. TRUNCATE, which
    # is how a test database is flushed, removes what this test committed; CASCADE takes the
    # notifications and reminder log rows that refer to events (none here).
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE fuzhou_lle_auditevent CASCADE")
    BrandNomination.objects.filter(round=round_).delete()
    round_.delete()
    user.delete()


def test_two_simultaneous_submissions_cannot_exceed_the_quota(monkeypatch):
    user, round_, drafts = _in_own_connection(_two_complete_drafts)
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
            services.nomination_submit(nomination=nomination, user=user)
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.extend(error.messages)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        submitted = _in_own_connection(lambda: round_.nominations.filter(status=Status.SUBMITTED).count())
        audited = _in_own_connection(lambda: AuditEvent.objects.filter(action="nomination.submit").count())
    finally:
        _in_own_connection(_remove, user, round_)

    assert sorted(outcomes) == ["submitted", "本区在本批次的名额（1 个）已用完，不能再报送。"]
    assert submitted == 1
    assert audited == 1  # the refused submission left no event
