from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    """报名: a sub-package of courses (DESIGN.md: courses holds every learning opportunity, its enrolment and
    attendance) with its own app label, so that its tables, migrations, panels and demo data stay its own."""

    name = "courses.enrolment"
    label = "enrolment"
    verbose_name = _("报名与考勤")
