"""The admin of a nomination kind (Kit.admin_register): read-only. Rounds, quotas, criteria,
nominations, assignments, objections and rewards change only through the nomination pages, whose
services check the rules (a round's quotas freeze at its first submission, no reviewer from the
nominee's own district …) and record each change."""

from django.contrib import admin

from fuzhou_lle.audit.admin import RecordAdmin, RecordInline


class RoundAdmin(RecordAdmin):
    list_display = ["title", "kind", "year", "batch", "opens_at", "closes_at", "default_quota"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "batch"]


class NominationAdmin(RecordAdmin):
    list_display = ["__str__", "round", "district", "status", "submitted_at", "reward_amount"]
    list_filter = ["round", "status", "district"]
    list_select_related = ["round", "district"]


class ObjectionAdmin(RecordAdmin):
    list_display = ["nomination", "name", "contact", "created_at"]
    list_select_related = ["nomination"]


class AssignmentAdmin(RecordAdmin):
    list_display = ["nomination", "reviewer", "due_on", "completed_at"]
    list_select_related = ["nomination", "reviewer"]
    list_filter = ["completed_at"]


def _inline(inline_model, **options):
    return type(
        f"{inline_model.__name__}Inline",
        (RecordInline, admin.TabularInline),
        {"model": inline_model, **options},
    )


def register_kind(kit, site) -> None:
    site.register(
        kit.round_model,
        RoundAdmin,
        inlines=[_inline(kit.criterion_model), _inline(kit.quota_model)],
    )
    site.register(
        kit.nomination_model,
        NominationAdmin,
        inlines=[
            _inline(kit.transition_model, readonly_fields=["at", "actor", "from_status", "to_status", "note"])
        ],
        search_fields=list(kit.admin_search_fields),
        exclude=list(kit.admin_exclude),
    )
    site.register(kit.objection_model, ObjectionAdmin)
    site.register(kit.assignment_model, AssignmentAdmin)
