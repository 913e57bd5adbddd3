from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .accounts.services import otp_reset
from .models import DigestDelivery, District, Notification, ReminderLog, Unit, User


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "contact_email", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """The record of what was sent: read-only, since it is what keeps each reminder from going out twice."""

    list_display = ["created_at", "recipient", "message", "due_on", "step", "sent_at"]
    list_filter = ["rule", "due_on"]
    search_fields = ["message", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["date", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "date"]
    search_fields = ["recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "date", "attempts", "last_error", "sent_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    search_fields = ["message", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "message", "url", "read_at"]
