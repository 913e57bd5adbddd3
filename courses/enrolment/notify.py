"""What households hear: a message on their page (消息) and the same text by SMS, sent after the change
commits. Households are not portal users, so the core's notifications (fuzhou_lle.reminders) do not reach
them; staff see enrolment through rosters and figures."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from fuzhou_lle.celery import task_enqueue

from .models import Household, HouseholdNotice

KINDS = {
    "enrolled": "notice",
    "applied": "notice",
    "waiting": "notice",
    "lottery": "notice",
    "offer": "offer",
    "offer_soon": "offer",
    "offer_gone": "notice",
    "released": "notice",
    "cancelled": "notice",
    "changed": "notice",
}


def household_notify(household: Household | int, kind: str, message: str, link: str = "") -> HouseholdNotice:
    """Record `message` on the household's page and send it by SMS once the transaction commits."""
    household_id = household if isinstance(household, int) else household.pk
    notice = HouseholdNotice.objects.create(
        household_id=household_id, kind=kind, message=message[:300], link=link
    )
    transaction.on_commit(
        lambda: task_enqueue("courses.enrolment.tasks.notice_sms_task", notice.pk), robust=True
    )
    return notice


def sms_text(notice: HouseholdNotice) -> str:
    text = _("【福州终身教育】%(message)s") % {"message": notice.message}
    if notice.link:
        text += " " + settings.PORTAL_BASE_URL + notice.link
    return text
