from django.template.loader import render_to_string

from fuzhou_lle.web.counting import count_up_to

from . import permissions
from .models import Offering, Teacher, TeachingPoint, Textbook


def home(request):
    return render_to_string(
        "courses/includes/_home_panel.html",
        {"offering_count": count_up_to(Offering.objects.public())},
        request,
    )


def my_work(request):
    user = request.user
    if permissions.keeps_timetable(user):
        context = {
            "district": user.district,
            "point_count": TeachingPoint.objects.of_district(user.district).count(),
            "offering_count": Offering.objects.of_district(user.district).count(),
        }
    elif permissions.can_decide_proposals(user):
        context = {
            "pending_teachers": Teacher.objects.pending().count(),
            "pending_textbooks": Textbook.objects.pending().count(),
        }
    else:
        return None
    return render_to_string("courses/includes/_my_work_panel.html", context, request)
