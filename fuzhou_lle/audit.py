"""The audit trail: every service records the change it made with audit_record(), in the same transaction,
so a change and its record are written together or not at all."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import public_cache
from .models import AuditEvent
from .reminders.notifications import event_dispatch

SYSTEM = _("系统")


def snapshot(obj, *fields: str) -> dict:
    """The values of `fields` on `obj` as they are now, in a form the event can store (a foreign key as its
    object's text, choices as their label)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(field, models.ForeignKey):
            value = str(value) if value is not None else None
        elif isinstance(field, models.FileField):
            value = value.name or None
        elif field.choices and value not in (None, ""):
            value = str(getattr(obj, f"get_{name}_display")())
        values[name] = value
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def audit_record(
    *, actor, action: str, label, target, changes: dict | None = None, note: str = ""
) -> AuditEvent:
    """Record that `actor` (a user, or None for the system) did `action` to `target`.

    `action` is a stable code ("nomination.return"); `label` the Chinese words for it (_("退回修改")), stored
    in the site's language so the trail reads the same whatever language the actor used. `changes` is
    {field: [before, after]}, best made with diff(snapshot(...), snapshot(...)). Once the transaction commits,
    the people the notification table (fuzhou_lle.reminders.notifications.NOTICES) names for `action` are
    notified, and the public pages' cache is stale (public_cache.bump)."""
    with translation.override(settings.LANGUAGE_CODE):
        actor_name = str(actor) if actor is not None else str(SYSTEM)
        label = str(label)
        target_repr = str(target)[:200]
    # Any change may show on a public page: the cached copies go stale once this change is committed.
    transaction.on_commit(public_cache.bump, robust=True)
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name[:150],
        action=action,
        label=label[:100],
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=target_repr,
        changes=changes or {},
        note=note,
    )
    event_dispatch(event)
    return event
