"""Suggesting which earlier task a new item carries on, by its title."""

import pytest

from tasks.carryover.matching import SUGGEST_AT, Candidate, ranked, similarity, suggestions


@pytest.mark.parametrize(
    ("first", "second", "at_least", "below"),
    [
        ("推进老年教育", "推进老年教育", 1.0, 1.01),
        ("加强终身教育队伍建设", "进一步加强终身教育队伍建设", 1.0, 1.01),  # a modifier is no difference
        ("推进老年教育", "继续推进老年教育发展", 0.7, 0.9),
        ("完善终身教育运行机制", "开展社区教育志愿服务", 0.0, 0.3),
        ("开展培训", "建设课程库", 0.0, 0.01),
    ],
)
def test_similarity_of_reworded_titles(first, second, at_least, below):
    assert at_least <= similarity(first, second) < below


def test_punctuation_numbers_and_one_character_titles():
    assert similarity("1.推进老年教育。", "推进老年教育") == 1.0
    assert similarity("学", "学") == 1.0
    assert similarity("", "推进") == 0.0


def test_ranked_keeps_the_closest_that_share_anything():
    candidates = [Candidate(1, "推进老年教育"), Candidate(2, "建设课程库"), Candidate(3, "发展老年教育")]
    options = ranked({10: "继续推进老年教育"}, candidates, keep=2)
    assert [(candidate.pk, round(score, 2)) for candidate, score in options[10]] == [(1, 1.0), (3, 0.6)]


def test_suggestions_pair_the_closest_first_each_once_and_never_below_the_threshold():
    old = [Candidate(1, "推进老年教育"), Candidate(2, "建设社区教育课程库")]
    new = {10: "推进老年教育发展", 11: "推进老年教育", 12: "开展全民学习活动周"}
    options = ranked(new, old, keep=5)
    # 11 is the closer to 1, so 10 gets nothing; 12 shares too little with anything.
    assert suggestions(options) == {11: 1}
    assert suggestions(options, taken=[1]) == {}
    assert all(score < SUGGEST_AT for _candidate, score in options[12])
