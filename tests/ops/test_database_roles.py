"""On PostgreSQL the application's role can read and add audit events and nothing more: not update, delete,
truncate, alter or drop them, nor disable their trigger. The owner can, and the start-up check says so."""

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.ops.database_roles import app_role_grant, audit_trail_rewritable_check, rewritable_by
from fuzhou_lle.units.models import Unit

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="PostgreSQL's roles"
    ),
    pytest.mark.django_db(transaction=True),
]
TABLE = AuditEvent._meta.db_table


@pytest.fixture
def app_role():
    """CI's application role (DATABASE_APP_ROLE), or one made for this test and dropped after it."""
    name = settings.DATABASE_APP_ROLE or f"{connection.settings_dict['NAME']}_app"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        made = cursor.fetchone() is None
        if made:
            cursor.execute(f"CREATE ROLE {quoted} LOGIN")
    app_role_grant(connection, name)
    yield name
    if made:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {quoted}")
            cursor.execute(f"DROP ROLE {quoted}")


@pytest.fixture
def as_app(app_role):
    """A connection to the test database as the application's role (trust authentication, as CI has)."""
    params = connection.get_connection_params()
    params.pop("password", None)
    params["user"] = app_role
    # Not `with psycopg2.connect()`: that opens a transaction even in autocommit mode.
    app = psycopg2.connect(**params)
    app.autocommit = True
    yield app
    app.close()


@pytest.fixture
def event(reference_units):
    return audit_record(actor=None, action="unit.update", label="修改", target=Unit.objects.first())


REFUSED = [
    f"UPDATE {TABLE} SET note = 'rewritten'",
    f"DELETE FROM {TABLE}",
    f"TRUNCATE {TABLE}",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_event_append_only",
    f"DROP TRIGGER audit_event_append_only ON {TABLE}",
    f"ALTER TABLE {TABLE} DROP COLUMN note",
    f"DROP TABLE {TABLE}",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_the_application_role_cannot_rewrite_the_trail(as_app, event, statement):
    with as_app.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cursor.execute(statement)
    assert AuditEvent.objects.get().note == ""


def test_the_application_role_reads_and_adds_events_and_works_on_other_tables(as_app, event):
    with as_app.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        assert cursor.fetchone() == (1,)
        columns = "at, actor_name, action, label, target_type_id, target_id, target_repr, changes, note"
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) SELECT now(), '系统', 'unit.update', '修改', target_type_id,"
            f" target_id, target_repr, '{{}}', '' FROM {TABLE}"
        )
        cursor.execute("UPDATE fuzhou_lle_unit SET contact_email = 'office@example.gov.cn'")
        cursor.execute("DELETE FROM django_session")
    assert AuditEvent.objects.count() == 2


def test_the_start_up_check_warns_for_the_owner_and_not_for_the_application(as_app):
    (warning,) = audit_trail_rewritable_check(None, databases=["default"])
    assert warning.id == "ops.W001"
    with as_app.cursor() as cursor:
        assert rewritable_by(cursor)[1] is False
