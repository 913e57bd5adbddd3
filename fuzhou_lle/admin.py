from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.services import (
    account_change_record,
    account_snapshot,
    group_change_record,
    group_snapshot,
    otp_reset,
)
from fuzhou_lle.audit.admin import RecordAdmin, ReferenceAdmin, SuperuserOnlyAdmin
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.reminders.models import DigestDelivery, Notification, ReminderLog
from fuzhou_lle.units.models import District, Unit, UnitAlias


@admin.register(District)
class DistrictAdmin(ReferenceAdmin):
    # Never deleted: users, tasks and nominations refer to them (deactivate a unit instead).
    committee_actions = ("view", "add", "change")
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(ReferenceAdmin):
    committee_actions = ("view", "add", "change")
    list_display = ["name", "kind", "district", "contact_email", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    search_fields = ["name"]


@admin.register(UnitAlias)
class UnitAliasAdmin(ReferenceAdmin):
    list_display = ["alias", "name"]
    search_fields = ["alias", "name"]


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin, BaseUserAdmin):
    list_display = ["username", "name", "unit", "email", "is_active", "is_staff"]
    list_filter = ["groups", "unit__kind", "is_active", "is_staff"]
    search_fields = ["username", "name", "email", "unit__name"]
    list_select_related = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("name", "unit", "email", "phone", "reminder_channel")}),
        (
            _("角色与权限"),
            {"fields": ("is_active", "groups", "is_staff", "is_superuser", "user_permissions")},
        ),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "name", "unit", "email", "password1", "password2")},
        ),
    )
    actions = ["reset_second_factor"]

    @admin.action(description=_("重置两步验证（如手机丢失）"), permissions=["otp_reset"])
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            otp_reset(actor=request.user, user=user)
        messages.success(
            request, _("已重置 %(count)d 个账号的两步验证，下次登录时需重新绑定。") % {"count": len(queryset)}
        )

    def has_otp_reset_permission(self, request):
        return request.user.is_superuser

    # Every change here is recorded as one event, in the admin's transaction: the fields are saved first, the
    # roles (groups) and permissions after them, so the account is read before the one and recorded after
    # the other.
    # (A new password, here or anywhere, is recorded by accounts/passwords.py.)
    def save_model(self, request, obj, form, change):
        request.account_before = account_snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        account_change_record(actor=request.user, user=form.instance, before=request.account_before)

    @transaction.atomic
    def delete_model(self, request, obj):
        _record_deletion(request, obj, "user.delete", _("删除账号"), account_snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)


def _record_deletion(request, obj, action, label, before):
    audit_record(
        actor=request.user,
        action=action,
        label=label,
        target=obj,
        changes={name: [value, None] for name, value in before.items() if value not in (None, "", False)},
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyAdmin, BaseGroupAdmin):
    """Roles and their permissions; every change recorded (setup_portal puts the committee's back)."""

    def save_model(self, request, obj, form, change):
        request.group_before = group_snapshot(Group.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        group_change_record(actor=request.user, group=form.instance, before=request.group_before)

    @transaction.atomic
    def delete_model(self, request, obj):
        _record_deletion(request, obj, "group.delete", _("删除角色"), group_snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            self.delete_model(request, group)


# Login records and lockouts are about accounts too.
for model, model_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (SuperuserOnlyAdmin, model_admin), {}))


@admin.register(ReminderLog)
class ReminderLogAdmin(RecordAdmin):
    """The record of what was sent, which keeps each reminder from going out twice."""

    list_display = ["created_at", "recipient", "message", "due_on", "step", "sent_at"]
    list_filter = ["rule", "due_on"]
    search_fields = ["message", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(RecordAdmin):
    list_display = ["date", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "date"]
    search_fields = ["recipient__username", "recipient__name"]
    list_select_related = ["recipient"]


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    # People's own messages: superusers only.
    committee_actions = ()
    list_display = ["created_at", "recipient", "message", "read_at"]
    search_fields = ["message", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """Append-only: nobody, superusers included, changes or deletes an event. The committee reads the trail
    on its own page (audit_log), with filters and an export."""

    list_display = ["at", "actor_name", "label", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_repr", "note"]
    list_select_related = ["target_type"]
    date_hierarchy = "at"
