"""The guide's filters, shared by the public pages and the JSON API so both answer the same way."""

import hashlib

import django_filters
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.units.models import District
from fuzhou_lle.web import public_cache

from .models import Audience, Category, Offering, TeachingPoint, TimeOfDay, Weekday


def streets_of(code: str | None) -> list[str]:
    """The streets with teaching points, in the district with `code` or everywhere. They change rarely:
    cached until the next change anywhere (public_cache's version) or for an hour."""
    key = f"guide:streets:{public_cache.version()}:{hashlib.md5((code or '').encode()).hexdigest()}"

    def streets():
        points = TeachingPoint.objects.all()
        if code:
            points = points.filter(district__code=code)
        return list(points.order_by("street").values_list("street", flat=True).distinct())

    return cache.get_or_set(key, streets, 3600)


class OfferingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="filter_q",
        # A hint under the field rather than a placeholder, which a phone cuts off.
        help_text=_("课程、老师、教学点或街道，如：太极"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("县（市）区"),
        field_name="teaching_point__district",
        to_field_name="code",
        queryset=District.objects.all(),
        empty_label=_("全部"),
    )
    street = django_filters.ChoiceFilter(
        label=_("街道（乡镇）"), field_name="teaching_point__street", empty_label=_("全部")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), field_name="course__category", queryset=Category.objects.all(), empty_label=_("全部")
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("面向对象"),
        field_name="course__audiences",
        queryset=Audience.objects.all(),
        empty_label=_("全部"),
    )
    weekday = django_filters.ChoiceFilter(label=_("星期"), choices=Weekday, empty_label=_("不限"))
    time = django_filters.ChoiceFilter(
        label=_("时段"), choices=TimeOfDay, method="filter_time", empty_label=_("不限")
    )
    free = django_filters.BooleanFilter(
        label=_("只看免费课程"), method="filter_free", widget=forms.CheckboxInput
    )
    seats = django_filters.BooleanFilter(
        label=_("只看还有名额的"), method="filter_seats", widget=forms.CheckboxInput
    )

    class Meta:
        model = Offering
        fields = ["q", "district", "street", "category", "audience", "weekday", "time", "free", "seats"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.data.get("district") if self.data else None
        self.filters["street"].extra["choices"] = lambda: [(street, street) for street in streets_of(code)]

    def filter_q(self, queryset, name, value: str):
        return queryset.search(value)

    def filter_time(self, queryset, name, value: str):
        return queryset.at_time_of_day(value)

    def filter_free(self, queryset, name, value: bool):
        return queryset.filter(fee=0) if value else queryset

    def filter_seats(self, queryset, name, value: bool):
        return queryset.filter(seats_left__gt=0) if value else queryset
