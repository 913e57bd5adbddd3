"""The plain-text helpers every stage shares."""

import pytest

from tasks.notice.text import clean, matching_open, simplified, split_outside


def test_clean_drops_the_spaces_and_marks_word_and_notepad_leave():
    assert clean("\ufeff\u3000\u3000开展培训。\xa0 ") == "开展培训。"


def test_simplified_reads_traditional_characters():
    assert simplified("開展培訓，市教育局牽頭") == "开展培训，市教育局牵头"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展培训（牵头单位：市教育局）", 4),
        ("各县（市、区）人民政府（牵头）", 11),
        ("A(B（C）)", 1),
        ("没有开括号）", None),
    ],
)
def test_matching_open_pairs_full_and_half_width_brackets(text, expected):
    assert matching_open(text, len(text) - 1) == expected


def test_split_outside_keeps_what_brackets_enclose():
    assert split_outside("市教育局、各县（市、区）、市民政局", "、") == [
        "市教育局",
        "各县（市、区）",
        "市民政局",
    ]
    assert split_outside("甲,乙(丙,丁)", ",") == ["甲", "乙(丙,丁)"]
    assert split_outside("", "、") == [""]
