"""A whole notice: the real 2015 notice exactly as expected, and synthetic ones in the other shapes real
notices take (numbered headings, no numbering, items before any heading)."""

import json
from pathlib import Path

import pytest

from tasks.notice import NoticeError, ParsedNotice, parse_file, parse_text
from tests.tasks.notices import NUMBERED, UNNUMBERED, docx_bytes, without_added_keys

DATA = Path(__file__).resolve().parents[3] / "tasks" / "data"
NOTICE_2015 = DATA / "2015-fuzhou-lifelong-education-workplan.txt"
EXPECTED_2015 = DATA / "2015-fuzhou-lifelong-education-workplan.expected.json"


@pytest.fixture(scope="module")
def notice_2015():
    return parse_file(NOTICE_2015.read_bytes(), NOTICE_2015.name)


class TestThe2015Notice:
    def test_structure_is_exactly_the_expected_json(self, notice_2015):
        assert without_added_keys(notice_2015.to_json()) == json.loads(
            EXPECTED_2015.read_text(encoding="utf-8")
        )

    def test_added_keys_keep_the_collective_phrases_as_written(self, notice_2015):
        tasks = [task for section in notice_2015.to_json()["sections"] for task in section["tasks"]]
        assert [task["collective_units"] for task in tasks[:3]] == [
            ["市终身教育促进委员会其他成员单位"],
            ["市终身教育促进委员会其他成员单位"],
            ["终身教育促进委员会其他成员单位"],
        ]
        assert tasks[6]["collective_units"] == ["市终身教育促进委员会各成员单位"]
        assert {(tuple(t["leaders"]), t["due"], t["number"]) for t in tasks} == {((), None, None)}

    def test_header(self, notice_2015):
        assert notice_2015.title == "2015年福州市终身教育工作要点"
        assert notice_2015.issuer == "福州市终身教育促进委员会"
        assert str(notice_2015.issued_on) == "2015-03-18"
        assert notice_2015.year == 2015

    def test_preamble_is_the_paragraph_before_the_first_section(self, notice_2015):
        assert notice_2015.preamble.startswith("2015年福州市将继续推进")
        assert notice_2015.preamble.endswith("处处可学的社会环境。")

    def test_item_text_is_kept_whole(self, notice_2015):
        first = notice_2015.tasks[0]
        assert first.text.startswith("完善终身教育运行机制。搭建横向协同")
        assert first.text.endswith("（牵头单位：市教育局，市终身教育促进委员会其他成员单位配合）")
        assert not any(task.needs_review for task in notice_2015.tasks)

    def test_round_trips_through_the_session_form(self, notice_2015):
        restored = ParsedNotice.from_dict(json.loads(json.dumps(notice_2015.to_dict())))
        assert restored == notice_2015


class TestNumberedNotice:
    @pytest.fixture
    def notice(self):
        return parse_file(NUMBERED.encode("gb18030"), "2016.txt")

    def test_numbered_headings_become_sections_without_their_numbers(self, notice):
        assert [s.title for s in notice.sections] == ["健全工作机制", "丰富学习资源"]
        assert [t.title for t in notice.sections[1].tasks] == [
            "建设社区教育课程库",
            "开展全民终身学习活动周",
            "推进老年教育",
        ]

    def test_responsible_and_supporting_labels(self, notice):
        task = notice.sections[0].tasks[0]
        assert task.lead_units == ["市教育局"]
        assert task.supporting_units == ["市民政局", "市文广新局"]
        assert not task.all_members_support

    def test_bracket_on_its_own_line_belongs_to_the_item_above(self, notice):
        task = notice.sections[0].tasks[1]
        assert task.title == "建立督查通报制度"
        assert task.lead_units == ["市终身教育促进委员会办公室"]
        assert not task.needs_review

    def test_and_others_and_collective_support(self, notice):
        task = notice.sections[1].tasks[0]
        assert task.lead_units == ["市社区大学", "市图书馆"]
        assert task.and_others is True
        assert task.all_members_support is True

    def test_item_without_bracket_is_kept_and_flagged(self, notice):
        task = notice.sections[1].tasks[1]
        assert task.lead_units == []
        assert task.needs_review is True

    def test_unit_then_qiantou_then_peihe(self, notice):
        task = notice.sections[1].tasks[2]
        assert task.lead_units == ["市委老干部局"]
        assert task.supporting_units == ["市教育局", "市民政局"]

    def test_docx_of_the_numbered_notice(self, notice):
        assert parse_file(docx_bytes(NUMBERED), "2016.docx") == notice


def test_unnumbered_plan():
    first, second = parse_text(UNNUMBERED).sections[0].tasks
    assert first.lead_units == ["市妇联", "市教育局"]
    assert first.all_members_support is True
    assert second.all_members_lead is True
    assert second.lead_units == []


def test_items_before_any_heading_go_to_an_untitled_section():
    notice = parse_text("工作要点\n1.开展培训。全年培训100人次。（牵头单位：市教育局）")
    assert [s.title for s in notice.sections] == [""]
    assert notice.sections[0].tasks[0].lead_units == ["市教育局"]


def test_a_heading_with_nothing_under_it_is_dropped():
    notice = parse_text(
        "2025年工作要点\n一、总体要求\n二、重点任务\n开展培训。全年培训。（牵头单位：市教育局）"
    )
    assert [s.title for s in notice.sections] == ["重点任务"]


def test_deadlines_take_the_plan_year():
    notice = parse_text("2025年工作要点\n开展培训。全年培训。（牵头单位：市教育局）\n完成时限：6月底")
    assert str(notice.tasks[0].due) == "2025-06-30"


def test_a_notice_without_items_is_a_chinese_error_naming_the_file():
    with pytest.raises(NoticeError, match="在“通知.txt”中没有找到工作要点条目"):
        parse_text("只有一段话，没有条目。", filename="通知.txt")
