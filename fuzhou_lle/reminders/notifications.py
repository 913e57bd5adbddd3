"""The workflow tells people what happened to their work: the one table of which audited events notify
whom, and their delivery.

audit_record() hands every event whose action is in NOTICES to event_notify() once its transaction commits,
so a change that rolls back notifies nobody. Each recipient gets one in-app notification per event (a unique
constraint on event and recipient makes a second dispatch a no-op); those who want email get it in their
daily digest, or at once for 催办.

Each app declares its own notices in `<app>/notices.py` (NOTICES: {action code: Notice}), found like its
panels, so the core names no app's actions; recipients are found from the event's target by the app's own
functions.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.celery import task_enqueue
from fuzhou_lle.hooks import app_modules
from fuzhou_lle.reminders.digest import digests_open
from fuzhou_lle.reminders.models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    message: Promise  # formatted with %(target)s (what the event was about) and %(note)s
    recipients: Callable  # (target, event) -> users
    at_once: bool = False  # email now rather than in the day's digest


@cache
def notices() -> dict[str, Notice]:
    """The catalogue: every app's `<app>/notices.py` NOTICES, {action code: Notice}. The workflow's notices
    (fuzhou_lle.nominations.notices) reach it through the apps of each nomination kind."""
    catalogue: dict[str, Notice] = {}
    for module in app_modules("notices"):
        catalogue.update(module.NOTICES)
    return catalogue


def event_dispatch(event: AuditEvent) -> None:
    """Called by audit_record for every event: notify after commit, if the table says so."""
    if event.action in notices():
        transaction.on_commit(lambda: event_notify(event_id=event.pk), robust=True)


@transaction.atomic
def event_notify(*, event_id: int) -> list[Notification]:
    """Notify the event's recipients (never its actor), each once. Returns the notifications made now."""
    event = AuditEvent.objects.select_related("target_type").get(pk=event_id)
    notice = notices()[event.action]
    target = event.target_type.get_object_for_this_type(pk=event.target_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = str(notice.message) % {"target": event.target_repr, "note": event.note}
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    recipients = {user.pk: user for user in notice.recipients(target, event)}
    made = []
    for user in sorted(recipients.values(), key=lambda user: user.pk):
        if not user.is_active or user.pk == event.actor_id:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, event=event, message=message[:300], url=url
                )
        except IntegrityError:  # already notified of this event
            continue
        if user.wants_email and not notice.at_once:
            notification.digest = digests_open(user_ids=[user.pk], today=timezone.localdate())[user.pk]
            notification.save(update_fields=["digest"])
        made.append(notification)
    at_once = [n.pk for n in made if notice.at_once and n.recipient.wants_email]
    if at_once:
        transaction.on_commit(lambda: _emails_enqueue(at_once), robust=True)
    return made


def _emails_enqueue(notification_ids: list[int]) -> None:
    for notification_id in notification_ids:
        task_enqueue("fuzhou_lle.reminders.tasks.notification_email_send", notification_id)


def notification_email_send(*, notification_id: int) -> None:
    """Email one notification at once, once: the row is locked while sending and marked sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.wants_email:
            return
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": notification.recipient,
                "notification": notification,
                "link": f"{settings.PORTAL_BASE_URL}{notification.url}",
                "portal_url": settings.PORTAL_BASE_URL,
            }
            email = EmailMessage(
                _("【福州市终身教育】%(message)s") % {"message": notification.message[:60]},
                render_to_string("fuzhou_lle/email/notification.txt", context),
                to=[notification.recipient.email],
            )
        email.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
