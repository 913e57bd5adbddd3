"""The public lists' filter: by year and by district."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import District


class YearDistrictFilter(django_filters.FilterSet):
    """Filters a queryset by its round's year and its district. `path` leads from the filtered model to
    the nomination ("" for nominations themselves, "nomination__" for brands in the registry)."""

    path = ""

    year = django_filters.NumberFilter(label=_("年度"), method="filter_year")
    district = django_filters.ModelChoiceFilter(
        label=_("县（市）区"),
        queryset=District.objects.all(),
        to_field_name="code",
        empty_label=_("全部"),
        method="filter_district",
    )

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.path}round__year": value})

    def filter_district(self, queryset, name, value):
        return queryset.filter(**{f"{self.path}district": value})
