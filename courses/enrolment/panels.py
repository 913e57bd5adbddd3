from django.template.loader import render_to_string
from django.utils import timezone

from fuzhou_lle.accounts.permissions import is_committee

from . import permissions
from .figures import figures
from .models import EnrolmentRule


def my_work(request):
    """Rules, rolls and figures for a district; the rolls for a teacher; the figures for the committee."""
    user = request.user
    if not (permissions.keeps_some_rules(user) or permissions.takes_some_attendance(user)):
        return None
    district = None if is_committee(user) else user.district
    context = {
        "teacher": permissions.is_teacher(user),
        "district": district,
        "committee": is_committee(user),
    }
    if permissions.keeps_some_rules(user):
        rules = EnrolmentRule.objects.filter(closes__gte=timezone.now())
        context["open_rules"] = (rules if district is None else rules.filter(district=district)).count()
        context["totals"] = figures(district=district, by="district")[:13]
    return render_to_string("enrolment/includes/_my_work_panel.html", context, request)
