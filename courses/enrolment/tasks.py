"""Thin Celery shims: each takes ids and calls a service."""

import logging

from celery import shared_task
from django.utils import timezone

from . import services
from .models import EnrolmentRule, HouseholdNotice
from .notify import KINDS, sms_text
from .sms import SmsError, sms_send

logger = logging.getLogger(__name__)


@shared_task
def enrolment_sweep_task() -> dict:
    """Every minute: draw the lotteries due, pass expired offers on, remind offers about to expire."""
    drawn = 0
    for rule in EnrolmentRule.objects.lottery_due(timezone.now()):
        services.lottery_draw(rule=rule)
        drawn += 1
    counts = services.offers_sweep()
    counts["drawn"] = drawn
    return counts


@shared_task(autoretry_for=(SmsError,), retry_backoff=30, max_retries=5)
def notice_sms_task(notice_id: int) -> None:
    notice = HouseholdNotice.objects.select_related("household").filter(pk=notice_id, sms_sent=False).first()
    if notice is None:
        return
    sms_send(
        notice.household.phone,
        sms_text(notice),
        template=KINDS.get(notice.kind, "notice"),
        params={"message": notice.message},
    )
    HouseholdNotice.objects.filter(pk=notice_id).update(sms_sent=True)


@shared_task
def lottery_sms_task() -> int:
    """Text every applicant their result (the notices the draw recorded), one by one; a failure is logged and
    left unsent for the next run rather than holding up the rest."""
    sent = 0
    pending = HouseholdNotice.objects.filter(kind="lottery", sms_sent=False).select_related("household")
    for notice in pending.iterator(chunk_size=500):
        try:
            sms_send(
                notice.household.phone,
                sms_text(notice),
                template="notice",
                params={"message": notice.message},
            )
        except SmsError:
            logger.warning("lottery SMS to household %s failed", notice.household_id, exc_info=True)
            continue
        HouseholdNotice.objects.filter(pk=notice.pk).update(sms_sent=True)
        sent += 1
    return sent
