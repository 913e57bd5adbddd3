from django.utils.translation import gettext_lazy as _

from fuzhou_lle.web.navigation import NavEntry

# Learners' own page (sign-in by SMS code); right after the course guide, where enrolling starts.
ENTRIES = [NavEntry(_("我的报名"), "enrolment:mine", order=11, also=("enrolment:sign_in",))]
