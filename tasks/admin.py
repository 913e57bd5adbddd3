from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evidence, Milestone, ProgressReport, Section, Task, TaskUnit, WorkPlan


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "issuer", "issued_on", "imported_at", "published_at"]
    # Publishing is a service with an audit event (the 发布 button), never an edit here.
    readonly_fields = ["imported_at", "imported_by", "source_name", "published_at", "published_by"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    autocomplete_fields = ["unit"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_on", "done_on", "state"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "section", "due_on", "needs_review", "closed_on"]
    list_filter = ["plan", "section", "needs_review"]
    search_fields = ["title", "text"]
    list_select_related = ["section"]
    inlines = [TaskUnitInline, MilestoneInline]
    readonly_fields = ["closed_on", "closed_by", "closing_report"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "task", "due_on", "done_on", "state"]
    list_filter = ["state", "task__plan"]
    search_fields = ["title", "task__title"]
    list_select_related = ["task"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["name", "size", "content_type"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """Read-only: reports are append-only and are filed through the portal's own form."""

    list_display = ["task", "unit", "kind", "percent", "created_at"]
    list_filter = ["kind", "task__plan", "unit"]
    list_select_related = ["task", "unit"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
