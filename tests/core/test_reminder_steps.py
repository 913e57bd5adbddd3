from datetime import date

import pytest

from fuzhou_lle.reminders.rules import overdue_step, threshold_step


@pytest.mark.parametrize(
    ("days_left", "step"),
    [(30, None), (8, None), (7, "7"), (5, "7"), (4, "7"), (3, "3"), (2, "3"), (1, "1"), (0, "1"), (-1, None)],
)
def test_threshold_step(days_left, step):
    assert threshold_step(days_left) == step


def test_overdue_step_is_the_iso_week():
    assert overdue_step(date(2026, 11, 28)) == "overdue-2026-W48"
    assert overdue_step(date(2026, 11, 30)) == "overdue-2026-W49"
