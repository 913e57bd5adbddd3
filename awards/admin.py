from django.contrib import admin

from fuzhou_lle.nominations import admin as shared

from .models import Assignment, Criterion, DistrictQuota, Objection, Round, StarNomination, Transition


@admin.register(Round)
class RoundAdmin(shared.RoundAdmin):
    inlines = shared.round_inlines(DistrictQuota, Criterion)


@admin.register(StarNomination)
class StarNominationAdmin(shared.NominationAdmin):
    inlines = [shared.transition_inline(Transition)]
    search_fields = ["person_name", "occupation"]
    exclude = ["photo"]  # private: seen through the nomination page, which checks permission


admin.site.register(Objection, shared.ObjectionAdmin)
admin.site.register(Assignment, shared.AssignmentAdmin)
