import pytest
from django.db import connection

from fuzhou_lle.units.models import District
from fuzhou_lle.web.counting import count_up_to, rounded

pytestmark = pytest.mark.django_db


def test_rounded_keeps_two_significant_figures():
    assert [rounded(n) for n in (7, 99, 123, 12_345, 99_512, 100_240)] == [
        7,
        99,
        120,
        12_000,
        100_000,
        100_000,
    ]


def test_small_lists_are_counted_exactly(reference_units):
    count = count_up_to(District.objects.all())
    assert (count.value, count.exact) == (13, True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_past_the_cap_the_count_is_an_estimate_never_below_it(reference_units):
    count = count_up_to(District.objects.all(), cap=5)
    assert not count.exact
    assert count.value >= 6
