"""The work plan in the admin, read-only: plans are imported and published, tasks closed, milestones and
reports kept through the portal's pages, whose services check who may and record each change."""

from django.contrib import admin

from fuzhou_lle.audit.admin import RecordAdmin, RecordInline

from .models import Evidence, Milestone, ProgressReport, Section, Task, TaskUnit, WorkPlan


@admin.register(WorkPlan)
class WorkPlanAdmin(RecordAdmin):
    list_display = ["year", "title", "issuer", "issued_on", "imported_at", "published_at"]


@admin.register(Section)
class SectionAdmin(RecordAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]


class TaskUnitInline(RecordInline, admin.TabularInline):
    model = TaskUnit


class MilestoneInline(RecordInline, admin.TabularInline):
    model = Milestone
    fields = ["title", "due_on", "done_on", "state"]


@admin.register(Task)
class TaskAdmin(RecordAdmin):
    list_display = ["title", "section", "due_on", "needs_review", "closed_on"]
    list_filter = ["plan", "section", "needs_review"]
    search_fields = ["title", "text"]
    list_select_related = ["section"]
    inlines = [TaskUnitInline, MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(RecordAdmin):
    list_display = ["title", "task", "due_on", "done_on", "state"]
    list_filter = ["state", "task__plan"]
    search_fields = ["title", "task__title"]
    list_select_related = ["task"]


class EvidenceInline(RecordInline, admin.TabularInline):
    model = Evidence
    fields = ["name", "size", "content_type"]


@admin.register(ProgressReport)
class ProgressReportAdmin(RecordAdmin):
    list_display = ["task", "unit", "kind", "percent", "created_at"]
    list_filter = ["kind", "task__plan", "unit"]
    list_select_related = ["task", "unit"]
    inlines = [EvidenceInline]
