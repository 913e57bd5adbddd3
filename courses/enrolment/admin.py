"""Enrolment changes only through its pages and services: here it is read-only. Households, members, codes
and notices are citizens' personal data, and teacher accounts are accounts: superusers only."""

from django.contrib import admin

from fuzhou_lle.audit.admin import RecordAdmin, ReferenceAdmin, SuperuserOnlyAdmin

from .models import (
    Attendance,
    ClassLimits,
    ClassSession,
    Enrolment,
    EnrolmentRule,
    Household,
    HouseholdNotice,
    Member,
    SignInCode,
    TeacherAccount,
)


@admin.register(EnrolmentRule)
class EnrolmentRuleAdmin(RecordAdmin):
    list_display = ["term", "district", "mode", "opens", "closes", "cap", "drawn_at"]
    list_filter = ["mode", "term", "district"]
    exclude = ["seed", "published"]  # the seed is secret until the draw; the publication is on its page


@admin.register(Enrolment)
class EnrolmentAdmin(RecordAdmin):
    list_display = ["offering", "status", "created_at"]
    list_filter = ["status", "term"]
    raw_id_fields = ["offering", "member"]
    exclude = ["member"]


@admin.register(ClassLimits, ClassSession)
class ClassRecordAdmin(RecordAdmin):
    pass


@admin.register(Attendance)
class AttendanceAdmin(RecordAdmin):
    list_display = ["session", "present", "method", "recorded_at"]
    exclude = ["enrolment"]


@admin.register(Household, Member, SignInCode, HouseholdNotice)
class PersonalRecordAdmin(SuperuserOnlyAdmin, RecordAdmin):
    exclude = ["code_hash", "id_number"]


@admin.register(TeacherAccount)
class TeacherAccountAdmin(SuperuserOnlyAdmin, ReferenceAdmin):
    """A superuser links a portal user to a teacher of the library, who may then take attendance."""

    list_display = ["user", "teacher"]
    raw_id_fields = ["user", "teacher"]
