"""完成时限 wording and Chinese-numeral dates."""

from datetime import date

import pytest

from tasks.notice.deadlines import chinese_number, date_of, parse_due


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年6月底", date(2025, 6, 30)),
        ("6月30日前", date(2025, 6, 30)),
        ("年底前", date(2025, 12, 31)),
        ("长期坚持", None),
        ("持续推进", None),
        ("", None),
        ("十月底前完成", date(2025, 10, 31)),
        ("第三季度", date(2025, 9, 30)),
        ("上半年", date(2025, 6, 30)),
        ("下半年", date(2025, 12, 31)),
        ("2025年3月底前完成方案，11月底前全面完成", date(2025, 11, 30)),
        ("2026年底", date(2026, 12, 31)),
        ("6月前", date(2025, 5, 31)),
        ("1月前", date(2024, 12, 31)),
        ("9月上旬", date(2025, 9, 10)),
        ("9月中旬", date(2025, 9, 20)),
        ("2月30日", date(2025, 2, 28)),  # no such day: the month's end is still named
        ("13月底", None),
    ],
)
def test_deadlines(text, expected):
    assert parse_due(text, 2025) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6", 6), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("二〇一五", 2015), ("甲", None)],
)
def test_chinese_numbers(text, expected):
    assert chinese_number(text) == expected


def test_date_of_chinese_numerals_and_impossible_days():
    assert date_of(("二〇一六", "三", "二")) == date(2016, 3, 2)
    assert date_of(("2015", "2", "30")) is None
    assert date_of(("二〇一六", "甲", "二")) is None
