"""The audit log's filters: by who, what, which kind of object and when."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.accounts.models import User
from fuzhou_lle.audit.models import AuditEvent


def recorded_actions() -> list[tuple[str, str]]:
    """(action, label) of every action the trail holds, by skipping along the action index from one value
    to the next (a recursive query): a DISTINCT over the whole table would read every event."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE actions(action) AS (
                SELECT MIN(action) FROM {table}
                UNION ALL
                SELECT (SELECT MIN(action) FROM {table} WHERE action > actions.action)
                FROM actions WHERE actions.action IS NOT NULL
            )
            SELECT action, (SELECT label FROM {table} WHERE action = actions.action LIMIT 1)
            FROM actions WHERE action IS NOT NULL
            """
        )
        return cursor.fetchall()


def _actors(request):
    return User.objects.filter(pk__in=AuditEvent.objects.values("actor")).order_by("name", "username")


def _object_types(request):
    return ContentType.objects.filter(pk__in=AuditEvent.objects.values("target_type")).order_by(
        "app_label", "model"
    )


class ObjectTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return model._meta.verbose_name if model else obj.model


class ObjectTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectTypeChoiceField


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        label=_("操作人"), queryset=_actors, empty_label=_("全部"), null_label=_("系统")
    )
    action = django_filters.ChoiceFilter(label=_("操作"), choices=[], empty_label=_("全部"))
    target_type = ObjectTypeFilter(label=_("对象类型"), queryset=_object_types, empty_label=_("全部"))
    # Set by an object's own history ("查看全部"), not shown as a field.
    target_id = django_filters.CharFilter(widget=forms.HiddenInput)
    at = django_filters.DateFromToRangeFilter(
        label=_("日期"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "target_type", "target_id", "at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The actions that occur, each under the words it was recorded with.
        self.filters["action"].extra["choices"] = recorded_actions()
