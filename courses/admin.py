"""The libraries (courses, teachers, textbooks, categories, audiences, terms) are the committee's reference
data, kept here. Teaching points and the timetable are the districts', kept on their own pages, so they are
read-only here; so is whether a proposed teacher or textbook is approved, which the actions decide."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.permissions import is_committee
from fuzhou_lle.audit.admin import RecordAdmin, ReferenceAdmin

from . import services
from .forms import TeacherAdminForm, TextbookAdminForm
from .models import Audience, Category, Course, Offering, Teacher, TeachingPoint, Term, Textbook


@admin.register(Category, Audience)
class OrderedNameAdmin(ReferenceAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Term)
class TermAdmin(ReferenceAdmin):
    list_display = ["name", "start", "end"]


class SearchedEntryAdmin(ReferenceAdmin):
    """Renaming a course or teacher reindexes its offerings through the service."""

    def save_model(self, request, obj, form, change):
        # The service checks who may, reindexes and records the change itself.
        services.searched_entry_save(entry=obj, user=request.user)


@admin.register(Course)
class CourseAdmin(SearchedEntryAdmin):
    list_display = ["title", "category", "level", "hours", "provider"]
    list_filter = ["category", "level", "audiences"]
    search_fields = ["title"]
    filter_horizontal = ["audiences", "textbooks"]
    list_select_related = ["category", "provider"]


class ProposalDecisions:
    """Approving or rejecting a proposed teacher or textbook, from the list, through the same service as
    the proposals page (/courses/proposals/)."""

    actions = ["approve", "reject"]
    readonly_fields = ["status", "proposed_by"]

    def has_decide_permission(self, request):
        return is_committee(request.user)

    @admin.action(description=_("批准入库"), permissions=["decide"])
    def approve(self, request, queryset):
        for entry in queryset.pending():
            services.proposal_decide(entry=entry, user=request.user, approve=True)

    @admin.action(description=_("不予入库"), permissions=["decide"])
    def reject(self, request, queryset):
        for entry in queryset.pending():
            services.proposal_decide(entry=entry, user=request.user, approve=False)


@admin.register(Teacher)
class TeacherAdmin(ProposalDecisions, SearchedEntryAdmin):
    form = TeacherAdminForm
    list_display = ["name", "affiliation", "title", "status", "proposed_by"]
    list_filter = ["status"]
    search_fields = ["name", "affiliation"]
    fieldsets = (
        (_("公开信息"), {"fields": ("name", "affiliation", "title", "specialties", "bio", "photo")}),
        (_("内部信息（不公开）"), {"fields": ("phone", "email", "id_number", "notes")}),
        (_("入库"), {"fields": ("status", "proposed_by")}),
    )


@admin.register(Textbook)
class TextbookAdmin(ProposalDecisions, ReferenceAdmin):
    form = TextbookAdminForm
    list_display = ["title", "authors", "publisher", "isbn", "year", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "authors", "isbn"]


@admin.register(TeachingPoint)
class TeachingPointAdmin(RecordAdmin):
    list_display = ["name", "district", "street", "capacity"]
    list_filter = ["district"]
    search_fields = ["name", "street", "address"]


@admin.register(Offering)
class OfferingAdmin(RecordAdmin):
    list_display = [
        "course",
        "teaching_point",
        "term",
        "weekday",
        "start_time",
        "seats_left",
        "fee",
        "published",
    ]
    list_filter = ["term", "weekday", "published", "teaching_point__district"]
    search_fields = ["course__title", "teaching_point__name"]
    list_select_related = ["course", "teaching_point", "term"]
