"""The held-out notices (tests/tasks/notice/heldout.py), item by item in every form: what was read right
stays right; what was misread is marked as such, strictly, so that reading it right is noticed too."""

import pytest

from tasks.notice import parse_file
from tests.tasks.notice.corpus import forms
from tests.tasks.notice.heldout import CASES, MISREAD


def _items():
    for case in CASES:
        for form, make in forms(case).items():
            for expect in case.expected:
                reason = MISREAD.get((case.name, expect.title))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                yield pytest.param(make, expect, marks=marks, id=f"{case.name}-{form}-{expect.title}")


@pytest.mark.parametrize(("make", "expect"), list(_items()))
def test_held_out_item(make, expect):
    notice = parse_file(*make())
    task = next(task for task in notice.tasks if task.title == expect.title)
    assert (
        task.lead_units,
        task.supporting_units,
        [(entry["name"], entry["role"]) for entry in task.collective_units],
        task.needs_review,
    ) == (expect.lead, expect.support, expect.groups, expect.needs_review)
