"""The three kinds of admin page, so that each registered model says which it is by its base class.

- ReferenceAdmin: reference data the committee keeps here (districts, units, categories, the libraries).
  Each save or delete is recorded in the audit trail.
- RecordAdmin / RecordInline: workflow state and records (nominations, scores, rounds, tasks, reports …).
  Readable, never written here, by anyone: they change only through the services, from the portal's pages
  or from an admin action that calls the same service.
- SuperuserOnlyAdmin: accounts and what they may do (users, groups, login records). A committee account
  must never give itself or anyone else more rights, so only superusers see these pages at all.
"""

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.audit.record import audit_record, audited


def _plain_fields(obj, names) -> list[str]:
    """The names among `names` that snapshot() can record: concrete fields, not many-to-many ones."""
    concrete = {field.name for field in obj._meta.concrete_fields}
    return [name for name in names if name in concrete]


class ReferenceAdmin(admin.ModelAdmin):
    """Reference data: editable by whoever holds the model's permissions, and every change audited."""

    # The rights the committee role holds on this page (committee_permissions); a page may narrow them.
    committee_actions: tuple[str, ...] = ("view", "add", "change", "delete")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        with audited(
            obj,
            *_plain_fields(obj, form.changed_data),
            actor=request.user,
            action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
            label=_("修改") if change else _("新建"),
            before=type(obj).objects.get(pk=obj.pk) if change else None,
            new=not change,
        ):
            self.save_entry(request, obj, form, change)

    def save_entry(self, request, obj, form, change):
        """The write itself; an admin whose model has a service calls it here."""
        super().save_model(request, obj, form, change)

    @transaction.atomic
    def delete_model(self, request, obj):
        # Recorded first: the event keeps the object's type and number after the row is gone.
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            label=_("删除"),
            target=obj,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One event per object, as for a single delete.
        for obj in queryset:
            self.delete_model(request, obj)


class RecordAdmin(admin.ModelAdmin):
    """Workflow state and records: read-only here for everyone, superusers included."""

    committee_actions: tuple[str, ...] = ("view",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordInline:
    """The inline form of RecordAdmin (mix in before TabularInline)."""

    committee_actions: tuple[str, ...] = ("view",)

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperuserOnlyAdmin:
    """Accounts and their rights: no page at all for anyone but a superuser, whatever permissions a group
    holds (mix in before the ModelAdmin, whose own limits still apply)."""

    committee_actions: tuple[str, ...] = ()

    def has_module_permission(self, request):
        return _superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return _superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request) and super().has_delete_permission(request, obj)


def committee_permissions(site: admin.AdminSite) -> list[str]:
    """Every admin right of the committee role, as "app_label.codename": what each registered page and its
    inlines grant in `committee_actions`. A page of none of the kinds above grants nothing."""
    granted = set()

    def grant(page: BaseModelAdmin, model) -> None:
        for action in getattr(page, "committee_actions", ()):
            granted.add(f"{model._meta.app_label}.{action}_{model._meta.model_name}")

    for model, page in site._registry.items():
        grant(page, model)
        for inline in page.inlines:
            grant(inline, inline.model)
    return sorted(granted)
