"""Brand reminders: the shared nomination rules for brand rounds, and inspections due."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from fuzhou_lle.nominations import reminders as shared
from fuzhou_lle.reminders.rules import Reminder, office_users, register

from .models import Assignment, Brand, Inspection, Round


@register
def brand_rounds_closing(today: date):
    return shared.rounds_closing(today, Round, rule="brand_rounds_closing")


@register
def brand_publicity_ending(today: date):
    return shared.publicity_ending(today, Round, rule="brand_publicity_ending")


@register
def brand_reviews_due(today: date):
    return shared.assignments_due(today, Assignment, rule="brand_reviews_due")


@register
def brand_inspections_due(today: date):
    """Inspections due in 7, 3 and 1 days, and weekly once overdue, to the committee office."""
    inspections = (
        Inspection.objects.pending()
        .filter(due_on__lte=today + timedelta(days=7))
        .exclude(brand__status=Brand.Status.REVOKED)
        .select_related("brand__nomination")
    )
    office = list(office_users())
    for inspection in inspections:
        message = _("品牌“%(name)s”的动态检查计划于 %(date)s 进行。") % {
            "name": inspection.brand,
            "date": inspection.due_on.strftime("%Y-%m-%d"),
        }
        for user in office:
            yield Reminder(
                rule="brand_inspections_due",
                target=inspection,
                recipient=user,
                due_on=inspection.due_on,
                step=shared.due_step(inspection.due_on, today),
                message=message,
                url=inspection.brand.get_absolute_url(),
            )
