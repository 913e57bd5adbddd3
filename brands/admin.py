from django.contrib import admin

from fuzhou_lle.nominations import admin as shared

from .models import (
    Assignment,
    Brand,
    BrandNomination,
    Criterion,
    DistrictQuota,
    Inspection,
    Objection,
    Round,
    Transition,
)


@admin.register(Round)
class RoundAdmin(shared.RoundAdmin):
    inlines = shared.round_inlines(DistrictQuota, Criterion)


@admin.register(BrandNomination)
class BrandNominationAdmin(shared.NominationAdmin):
    inlines = [shared.transition_inline(Transition)]
    search_fields = ["name", "organiser"]


admin.site.register(Objection, shared.ObjectionAdmin)
admin.site.register(Assignment, shared.AssignmentAdmin)


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "listed_on", "status_changed_on"]
    list_filter = ["status"]
    list_select_related = ["nomination"]
    inlines = [InspectionInline]
