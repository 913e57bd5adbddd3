from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Audience, Category, Course, Offering, Teacher, TeachingPoint, Term, Textbook


@admin.register(Category, Audience)
class OrderedNameAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end"]


class SearchedEntryAdmin(admin.ModelAdmin):
    """Renaming a course, teacher or teaching point reindexes its offerings through the service."""

    def save_model(self, request, obj, form, change):
        services.searched_entry_save(entry=obj)


@admin.register(Course)
class CourseAdmin(SearchedEntryAdmin):
    list_display = ["title", "category", "level", "hours", "provider"]
    list_filter = ["category", "level", "audiences"]
    search_fields = ["title"]
    filter_horizontal = ["audiences", "textbooks"]
    list_select_related = ["category", "provider"]


@admin.action(description=_("批准入库"))
def approve(modeladmin, request, queryset):
    for entry in queryset.pending():
        services.proposal_decide(entry=entry, approve=True)


@admin.register(Teacher)
class TeacherAdmin(SearchedEntryAdmin):
    list_display = ["name", "affiliation", "title", "status", "proposed_by"]
    list_filter = ["status"]
    search_fields = ["name", "affiliation"]
    actions = [approve]
    fieldsets = (
        (_("公开信息"), {"fields": ("name", "affiliation", "title", "specialties", "bio", "photo")}),
        (_("内部信息（不公开）"), {"fields": ("phone", "email", "id_number", "notes")}),
        (_("入库"), {"fields": ("status", "proposed_by")}),
    )


@admin.register(Textbook)
class TextbookAdmin(admin.ModelAdmin):
    list_display = ["title", "authors", "publisher", "isbn", "year", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "authors", "isbn"]
    actions = [approve]


@admin.register(TeachingPoint)
class TeachingPointAdmin(SearchedEntryAdmin):
    list_display = ["name", "district", "street", "capacity"]
    list_filter = ["district"]
    search_fields = ["name", "street", "address"]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
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
    raw_id_fields = ["course", "teaching_point", "teacher"]

    def save_model(self, request, obj, form, change):
        services.offering_save(offering=obj, user=request.user)
