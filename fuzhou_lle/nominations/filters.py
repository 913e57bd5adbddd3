"""The lists' filters: the public lists by year and district, a round's nominations by state and district;
and the round page's summary counts."""

from collections import defaultdict
from dataclasses import dataclass

import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import District


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


class RoundNominationFilter(django_filters.FilterSet):
    """The round page's list, by state and by district."""

    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部"))
    district = django_filters.ModelChoiceFilter(
        label=_("县（市）区"), queryset=District.objects.all(), to_field_name="code", empty_label=_("全部")
    )


@dataclass
class RoundSummary:
    """How many of a round's nominations (those the user sees) are in each state and each district."""

    total: int
    by_status: list  # (status label, count), in the workflow's order, states with none left out
    by_district: list  # (district, count), in the districts' order


def round_summary(nominations) -> RoundSummary:
    """One grouped query over (district, state), folded both ways: a few dozen groups, not a row per
    nomination. The district's fields come in the same query (the join), not in a second one."""
    groups = (
        nominations.order_by()
        .values_list("district_id", "district__name", "district__code", "district__order", "status")
        .annotate(n=Count("pk"))
    )
    per_status, per_district, districts = defaultdict(int), defaultdict(int), {}
    for district_id, name, code, order, status, n in groups:
        per_status[status] += n
        per_district[district_id] += n
        districts[district_id] = District(pk=district_id, name=name, code=code, order=order)
    in_order = sorted(districts.values(), key=lambda district: (district.order, district.name))
    return RoundSummary(
        total=sum(per_status.values()),
        by_status=[(status.label, per_status[status]) for status in Status if per_status[status]],
        by_district=[(district, per_district[district.pk]) for district in in_order],
    )
