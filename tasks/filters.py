import django_filters
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.units.models import Unit

from .models import Section, Status


class TaskFilter(django_filters.FilterSet):
    """The staff task list's filters. The queryset must already carry with_status()."""

    section = django_filters.ModelChoiceFilter(
        label=_("部分"), queryset=Section.objects.none(), empty_label=_("全部")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"), queryset=Unit.objects.members(), method="filter_unit", empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部"))

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["section"].queryset = Section.objects.filter(plan=plan)

    def filter_unit(self, queryset, name, value):
        return queryset.for_unit(value)
