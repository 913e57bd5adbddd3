"""Every convention real offices use (tests/tasks/notice/corpus.py), in every file form it arrives in:
.txt in UTF-8 and GB18030, Word paragraphs and tables, Excel."""

import pytest

from tasks.notice import parse_file
from tests.tasks.notice.corpus import CASES, Expect, forms

READINGS = [(case, form, make) for case in CASES for form, make in forms(case).items()]


@pytest.fixture(
    scope="module", params=READINGS, ids=[f"{case.name}-{form}" for case, form, _make in READINGS]
)
def reading(request):
    case, _form, make = request.param
    return case, parse_file(*make())


def seen(task, expect: Expect):
    """The item as read, in the shape of what it must be."""
    return (
        task.title,
        task.lead_units,
        task.supporting_units,
        [(entry["name"], entry["role"]) for entry in task.collective_units],
        task.needs_review,
    )


def test_every_item_is_read_with_its_units(reading):
    case, notice = reading
    assert [seen(task, expect) for task, expect in zip(notice.tasks, case.expected, strict=False)] == [
        (expect.title, expect.lead, expect.support, expect.groups, expect.needs_review)
        for expect in case.expected
    ]
    assert len(notice.tasks) == len(case.expected)


def test_leaders_deadlines_sub_points_and_doubts(reading):
    case, notice = reading
    for task, expect in zip(notice.tasks, case.expected, strict=True):
        if expect.leaders is not None:
            assert task.leaders == expect.leaders, task.title
        if expect.due is not None:
            assert task.due == expect.due, task.title
        if expect.text:
            assert expect.text in task.text.splitlines(), task.title
        assert any(expect.doubt in doubt for doubt in task.doubts) if expect.doubt else not task.doubts, (
            task.title
        )


def test_sections_conventions_and_the_notices_own_doubts(reading):
    case, notice = reading
    if case.sections is not None:
        assert [section.title for section in notice.sections] == case.sections
    assert len(notice.conventions) == case.conventions
    assert all(any(word in doubt for doubt in notice.doubts) for word in case.doubts)
    assert bool(notice.doubts) == bool(case.doubts)
    names = {name for task in notice.tasks for name in (*task.lead_units, *task.supporting_units)}
    assert not any("首位" in name or "第一" in name for name in names)  # a position note is never a unit
