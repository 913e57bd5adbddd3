"""Two PostgreSQL roles, so the audit trail is append-only even to whoever holds the application's password.

The owner (DATABASE_URL while migrating) owns the tables: it migrates, restores backups, and could alter or
empty any table, triggers included. The application (DATABASE_URL of the web processes and workers) logs in as
DATABASE_APP_ROLE, which after each `migrate` holds exactly: reading and writing every table, and only reading
and adding to the audit trail (no UPDATE, DELETE or TRUNCATE there; ALTER, DROP and disabling its trigger need
the owner). The start-up check below warns when the application can rewrite the trail after all.
"""

import logging

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, connections

from fuzhou_lle.audit.models import AuditEvent

logger = logging.getLogger(__name__)


def app_role_grant(connection, role: str) -> None:
    """Give `role` the application's privileges on every table of `connection`'s database, the audit trail's
    narrowed to reading and adding. Safe to repeat: post_migrate runs it after every `migrate`."""
    quote = connection.ops.quote_name
    audit = quote(AuditEvent._meta.db_table)
    role = quote(role)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT CONNECT ON DATABASE {quote(connection.settings_dict['NAME'])} TO {role}")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {role}")


def app_role_grant_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    connection = connections[using]
    if settings.DATABASE_APP_ROLE and connection.vendor == "postgresql":
        app_role_grant(connection, settings.DATABASE_APP_ROLE)


REWRITE_QUERY = """
SELECT current_user,
       pg_has_role(current_user, tableowner, 'MEMBER')
       OR has_table_privilege(current_user, %(table)s, 'UPDATE')
       OR has_table_privilege(current_user, %(table)s, 'DELETE')
       OR has_table_privilege(current_user, %(table)s, 'TRUNCATE')
FROM pg_tables WHERE schemaname = current_schema() AND tablename = %(table)s
"""


def rewritable_by(cursor) -> tuple[str, bool]:
    """The role `cursor` connects as, and whether it could change or remove audit events."""
    cursor.execute(REWRITE_QUERY, {"table": AuditEvent._meta.db_table})
    found = cursor.fetchone()
    return (found[0], bool(found[1])) if found else ("", False)


@register(Tags.database, deploy=True)
def audit_trail_rewritable_check(app_configs, databases=None, **kwargs):
    """Warn when the role this process connects as could change or remove audit events. Run by
    `check --deploy --database default` and when a web process starts (fuzhou_lle/wsgi.py); not by
    `migrate`, which runs as the owner on purpose."""
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        role, rewritable = rewritable_by(cursor)
    if not rewritable:
        return []
    return [
        Warning(
            f"数据库账号 {role} 能修改或删除操作记录：应用以表的所有者"
            "（或有 UPDATE、DELETE、TRUNCATE 权限的账号）连接。",
            hint="用两个数据库账号：所有者只用于 migrate，应用以 DATABASE_APP_ROLE 连接"
            "（见 README 的部署一节）。",
            id="ops.W001",
        )
    ]


def startup_check() -> None:
    """Log the check's warning when a web process starts, where an operator reading the log sees it."""
    try:
        warnings = audit_trail_rewritable_check(None, databases=[DEFAULT_DB_ALIAS])
    except Exception:  # the database may be down at start: /readyz says so, starting must not fail
        logger.warning("could not check the database role at start", exc_info=True)
        return
    for warning in warnings:
        logger.warning("%s %s (%s)", warning.msg, warning.hint, warning.id)
