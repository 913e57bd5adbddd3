"""Brand writes that go beyond the shared workflow: the registry and its dynamic inspections."""

from datetime import date, datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record, audited
from fuzhou_lle.nominations import services as workflow_services
from fuzhou_lle.nominations.permissions import can_check

from .models import Brand, BrandNomination, Inspection, Round


@transaction.atomic
def round_results_publish(*, round_: Round, user: User, now: datetime | None = None) -> list[Brand]:
    """Publish the results and put every selected brand in the registry."""
    selected = workflow_services.round_results_publish(round_=round_, user=user, now=now)
    listed_on = timezone.localdate(now)
    return [
        Brand.objects.create(nomination=cast(BrandNomination, nomination), listed_on=listed_on)
        for nomination in selected
    ]


@transaction.atomic
def inspection_schedule(*, brand: Brand, user: User, due_on: date) -> Inspection:
    require(user, can_check)
    if brand.status == Brand.Status.REVOKED:
        raise ValidationError(_("该品牌已撤销，无需再检查。"))
    inspection = Inspection(brand=brand, due_on=due_on)
    inspection.full_clean()
    inspection.save()
    audit_record(
        actor=user,
        action="inspection.schedule",
        label=gettext_lazy("安排动态检查"),
        target=brand,
        changes={"inspection_due_on": [None, due_on]},
    )
    return inspection


# What each inspection outcome makes of the brand.
OUTCOME_STATUS = {
    Inspection.Outcome.KEEP: Brand.Status.ACTIVE,
    Inspection.Outcome.WARN: Brand.Status.WARNED,
    Inspection.Outcome.REVOKE: Brand.Status.REVOKED,
}


@transaction.atomic
def inspection_record(
    *, inspection: Inspection, user: User, done_on: date, findings: str, outcome: str
) -> Inspection:
    """Record what an inspection found; its outcome keeps, warns or revokes the brand."""
    require(user, can_check)
    workflow_services.lock_row(inspection)
    if inspection.done_on:
        raise ValidationError(_("这次检查已经登记过结果。"))
    if not findings.strip():
        raise ValidationError(_("请填写检查情况。"))
    inspection.done_on = done_on
    inspection.findings = findings
    inspection.outcome = outcome
    inspection.inspector = user
    inspection.full_clean()
    inspection.save()
    brand = inspection.brand
    workflow_services.lock_row(brand)
    with audited(
        brand,
        "status",
        "status_changed_on",
        actor=user,
        action="brand.inspect",
        label=gettext_lazy("登记动态检查结果"),
        note=f"{inspection.get_outcome_display()}：{findings}",
    ):
        brand.status = OUTCOME_STATUS[Inspection.Outcome(outcome)]
        brand.status_changed_on = done_on
        brand.full_clean()
        brand.save()
    return inspection
