"""The workflow tells people what happened to their work: the one table of which audited events notify
whom, and their delivery.

audit_record() hands every event whose action is in NOTICES to event_notify() once its transaction commits,
so a change that rolls back notifies nobody. Each recipient gets one in-app notification per event (a unique
constraint on event and recipient makes a second dispatch a no-op); those who want email get it in their
daily digest, or at once for 催办.

Recipients are found through the event's target, by attributes its model offers (a nomination's `district`,
a report's `author`, a milestone's `proposed_by`, a task's `responsible_users()`), so the core names no app.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..celery import task_enqueue
from ..models import AuditEvent, Notification, Role, Unit, User
from .digest import digests_open

logger = logging.getLogger(__name__)


def district_users(nomination, event) -> Iterable[User]:
    """The district users of the nomination's district committee."""
    return User.objects.filter(
        is_active=True,
        groups__name=Role.DISTRICT,
        unit__kind=Unit.Kind.DISTRICT_COMMITTEE,
        unit__district=nomination.district_id,
    )


def assigned_reviewer(nomination, event) -> Iterable[User]:
    return User.objects.filter(pk=event.changes["reviewer_id"][1])


def report_author(report, event) -> Iterable[User]:
    return [report.author]


def milestone_proposer(milestone, event) -> Iterable[User]:
    return [milestone.proposed_by] if milestone.proposed_by else []


def task_responsible(task, event) -> Iterable[User]:
    return task.responsible_users()


def task_responsible_but_reporter(task, event) -> Iterable[User]:
    """The author of the closing report hears of it through report.accept, once."""
    return [user for user in task.responsible_users() if user.pk != task.closing_report.author_id]


@dataclass(frozen=True)
class Notice:
    message: Promise  # formatted with %(target)s (what the event was about) and %(note)s
    recipients: Callable  # (target, event) -> users
    at_once: bool = False  # email now rather than in the day's digest


NOTICES: dict[str, Notice] = {
    "nomination.return": Notice(gettext_lazy("“%(target)s”被退回修改，原因：%(note)s"), district_users),
    "nomination.accept": Notice(gettext_lazy("“%(target)s”已通过审核，进入评审。"), district_users),
    "nomination.shortlist": Notice(gettext_lazy("“%(target)s”已入围。"), district_users),
    "nomination.select": Notice(gettext_lazy("“%(target)s”已入选。"), district_users),
    "nomination.not_select": Notice(gettext_lazy("“%(target)s”未入选。"), district_users),
    "nomination.assign": Notice(gettext_lazy("请评审“%(target)s”。"), assigned_reviewer),
    "report.accept": Notice(gettext_lazy("完成报告已采纳，任务已销号：%(target)s"), report_author),
    "report.return": Notice(gettext_lazy("完成报告被退回：%(target)s。原因：%(note)s"), report_author),
    "milestone.approve": Notice(gettext_lazy("时间节点建议已采纳：%(target)s"), milestone_proposer),
    "milestone.reject": Notice(gettext_lazy("时间节点建议未采纳：%(target)s"), milestone_proposer),
    "task.close": Notice(gettext_lazy("任务已销号：%(target)s"), task_responsible_but_reporter),
    "task.urge": Notice(
        gettext_lazy("催办：任务“%(target)s”%(note)s，请抓紧办理并报告进展。"), task_responsible, at_once=True
    ),
}


def event_dispatch(event: AuditEvent) -> None:
    """Called by audit_record for every event: notify after commit, if the table says so."""
    if event.action in NOTICES:
        transaction.on_commit(lambda: event_notify(event_id=event.pk), robust=True)


@transaction.atomic
def event_notify(*, event_id: int) -> list[Notification]:
    """Notify the event's recipients (never its actor), each once. Returns the notifications made now."""
    event = AuditEvent.objects.select_related("target_type").get(pk=event_id)
    notice = NOTICES[event.action]
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
    from .tasks import notification_email_send  # tasks imports this module

    for notification_id in notification_ids:
        task_enqueue(notification_email_send, notification_id)


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
