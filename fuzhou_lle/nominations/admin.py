"""Admin building blocks shared by the brands and awards admins."""

from django.contrib import admin


class RoundAdmin(admin.ModelAdmin):
    """Rounds are opened in the admin: dates, quotas and criteria on one page."""

    list_display = ["title", "kind", "year", "batch", "opens_at", "closes_at", "default_quota"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "batch"]


def transition_inline(transition_model):
    """The nomination's log, read-only: it is written by the services alone."""

    class TransitionInline(admin.TabularInline):
        model = transition_model
        extra = 0
        can_delete = False
        readonly_fields = ["at", "actor", "from_status", "to_status", "note"]

        def has_add_permission(self, request, obj=None):
            return False

    return TransitionInline


def round_inlines(quota_model, criterion_model):
    class QuotaInline(admin.TabularInline):
        model = quota_model
        extra = 0

    class CriterionInline(admin.TabularInline):
        model = criterion_model
        extra = 3

    return [CriterionInline, QuotaInline]


class NominationAdmin(admin.ModelAdmin):
    """States, outcomes and reward amounts change only through the services (the nomination pages),
    which check the rules, so they are read-only here."""

    list_display = ["__str__", "round", "district", "status", "submitted_at", "reward_amount"]
    list_filter = ["round", "status", "district"]
    list_select_related = ["round", "district"]
    readonly_fields = [
        "status",
        "submitted_at",
        "return_reason",
        "created_by",
        "province_outcome",
        "nation_outcome",
    ]


class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["nomination", "name", "contact", "created_at"]
    list_select_related = ["nomination"]
    readonly_fields = ["nomination", "name", "contact", "content", "created_at"]


class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["nomination", "reviewer", "due_on", "completed_at"]
    list_select_related = ["nomination", "reviewer"]
    list_filter = ["completed_at"]
