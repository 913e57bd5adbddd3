"""The audit trail's own guarantees: one event a change, who and what, and nothing rewritten."""

import pytest
from django.db import connection, transaction

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.audit.record import audit_record, diff, snapshot
from fuzhou_lle.units.models import Unit

pytestmark = pytest.mark.django_db


def test_event_names_actor_target_and_changes(committee_user):
    unit = Unit.objects.create(name="市测试局")
    before = snapshot(unit, "name", "kind")
    unit.name = "市新测试局"
    unit.save()
    event = audit_record(
        actor=committee_user,
        action="unit.rename",
        label="改名",
        target=unit,
        changes=diff(before, snapshot(unit, "name", "kind")),
    )
    assert list(AuditEvent.objects.about(unit)) == [event]
    assert event.actor_name == str(committee_user)
    assert event.changes == {"name": ["市测试局", "市新测试局"]}
    assert event.target_repr == "市新测试局"


def test_system_actor_is_named(db):
    unit = Unit.objects.create(name="市测试局")
    assert audit_record(actor=None, action="unit.sync", label="同步", target=unit).actor_name == "系统"


def test_events_cannot_be_changed_or_deleted(committee_user):
    unit = Unit.objects.create(name="市测试局")
    event = audit_record(actor=committee_user, action="unit.create", label="新建", target=unit)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(note="x")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_database_refuses_raw_update(committee_user):
    from django.db import DatabaseError

    unit = Unit.objects.create(name="市测试局")
    event = audit_record(actor=committee_user, action="unit.create", label="新建", target=unit)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE fuzhou_lle_auditevent SET note = 'x' WHERE id = %s", [event.pk])
