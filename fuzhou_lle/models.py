"""The core's models live in its rooms; Django finds them through this module."""

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog
from fuzhou_lle.units.models import District, Unit, UnitAlias

__all__ = [
    "AuditEvent",
    "DigestDelivery",
    "District",
    "Notification",
    "ReminderLog",
    "Role",
    "Unit",
    "UnitAlias",
    "User",
]
