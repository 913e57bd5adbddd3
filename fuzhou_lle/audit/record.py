"""The audit trail: every service records the change it made with audit_record(), in the same transaction,
so a change and its record are written together or not at all."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from fuzhou_lle.accounts.models import User
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.web.clients import current_client_ip

SYSTEM = _("系统")

# Called with every event as it is recorded, inside its transaction: who must hear of it (the notifications)
# and what goes stale (the public pages' cache) subscribe in CoreConfig.ready(), so the trail knows neither.
_subscribers: list[Callable[[AuditEvent], None]] = []


def on_record(subscriber: Callable[[AuditEvent], None]) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def snapshot(obj: models.Model, *fields: str) -> dict[str, Any]:
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
        elif getattr(field, "choices", None) and value not in (None, ""):
            value = str(getattr(obj, f"get_{name}_display")())
        values[name] = value
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def audit_record(
    *,
    actor: User | None,
    action: str,
    label: StrOrPromise,
    target: models.Model,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Record that `actor` (a user, or None for the system) did `action` to `target`.

    `action` is a stable code ("nomination.return"); `label` the Chinese words for it (_("退回修改")), stored
    in the site's language so the trail reads the same whatever language the actor used. `changes` is
    {field: [before, after]}: `audited` below makes it. The address of the request being answered, if any, is
    recorded with it. Each subscriber (on_record) then hears of the event:
    once the transaction commits, the people the apps' notices name for `action` are notified and the public
    pages' cache is stale."""
    with translation.override(settings.LANGUAGE_CODE):
        actor_name = str(actor) if actor is not None else str(SYSTEM)
        label = str(label)
        target_repr = str(target)[:200]
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
        client_ip=current_client_ip() or None,
    )
    for subscriber in _subscribers:
        subscriber(event)
    return event


@contextmanager
def audited(
    obj: models.Model,
    *fields: str,
    actor: User | None,
    action: str,
    label: StrOrPromise,
    note: str = "",
    before: models.Model | None = None,
    new: bool = False,
    target: models.Model | None = None,
    only_changes: bool = False,
) -> Iterator[None]:
    """Record what the block does to `fields` of `obj` as one event: their values are read before the block
    and after it, and the difference is the event's changes. The block makes the change and saves it (a
    model method, or plain assignments and save()); if it raises, nothing is recorded.

    - `before`: the object to read the old values from when `obj` already holds new ones (the stored row
      under a form's instance).
    - `new`: the block creates `obj`, so every field was empty before.
    - `target`: what the event is about, when not `obj` itself.
    - `only_changes`: a block that changed nothing records nothing (an edit saved unchanged); otherwise the
      action is recorded even without changes (a decision, a reminder)."""
    old = dict.fromkeys(fields) if new else snapshot(before if before is not None else obj, *fields)
    yield
    changes = diff(old, snapshot(obj, *fields))
    if changes or not only_changes:
        target = target if target is not None else obj
        audit_record(actor=actor, action=action, label=label, target=target, changes=changes, note=note)
