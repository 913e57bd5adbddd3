"""Brand reminders: the rules every nomination kind has, registered for brand rounds, and inspections due."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from fuzhou_lle.nominations import reminders as shared
from fuzhou_lle.reminders.rules import Reminder, office_users, register

from .kind import KIT
from .models import Brand, Inspection

brand_rounds_closing, brand_publicity_ending, brand_reviews_due = KIT.reminder_rules()


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
