from django.contrib import admin

from fuzhou_lle.audit.admin import RecordAdmin, RecordInline

from .kind import KIT
from .models import Brand, Inspection

KIT.admin_register(admin.site)


class InspectionInline(RecordInline, admin.TabularInline):
    model = Inspection


@admin.register(Brand)
class BrandAdmin(RecordAdmin):
    """Read-only: a brand's status changes only by recording an inspection on its page."""

    list_display = ["__str__", "status", "listed_on", "status_changed_on"]
    list_filter = ["status"]
    list_select_related = ["nomination"]
    inlines = [InspectionInline]
