"""The notice parser: the real 2015 notice and synthetic ones in the other forms real notices take."""

import json
from datetime import date
from pathlib import Path

import pytest

from tasks.notice import NoticeError, ParsedNotice, parse_file, parse_text
from tests.tasks.notices import NUMBERED, UNNUMBERED, docx_bytes

DATA = Path(__file__).resolve().parents[2] / "tasks" / "data"
NOTICE_2015 = DATA / "2015-fuzhou-lifelong-education-workplan.txt"
EXPECTED_2015 = DATA / "2015-fuzhou-lifelong-education-workplan.expected.json"
# Keys added to each task after the 2015 fixture was written; the fixture's own keys must not change.
ADDED_TASK_KEYS = ("collective_units", "leaders", "due", "number")


def without_added_keys(structure):
    """The --json structure with only the keys the 2015 fixture has."""
    return {
        **structure,
        "sections": [
            {
                **section,
                "tasks": [
                    {key: value for key, value in task.items() if key not in ADDED_TASK_KEYS}
                    for task in section["tasks"]
                ],
            }
            for section in structure["sections"]
        ],
    }


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
        assert notice_2015.issued_on == date(2015, 3, 18)
        assert notice_2015.year == 2015

    def test_preamble_is_the_paragraph_before_the_first_section(self, notice_2015):
        assert notice_2015.preamble.startswith("2015年福州市将继续推进")
        assert notice_2015.preamble.endswith("处处可学的社会环境。")

    def test_item_text_is_kept_whole(self, notice_2015):
        first = notice_2015.tasks[0]
        assert first.text.startswith("完善终身教育运行机制。搭建横向协同")
        assert first.text.endswith("（牵头单位：市教育局，市终身教育促进委员会其他成员单位配合）")
        assert not any(task.needs_review for task in notice_2015.tasks)

    def test_gb18030_bytes_give_the_same_structure(self, notice_2015):
        data = NOTICE_2015.read_text(encoding="utf-8").encode("gb18030")
        assert parse_file(data, "通知.txt").to_json() == notice_2015.to_json()

    def test_utf16_with_byte_order_mark_gives_the_same_structure(self, notice_2015):
        data = NOTICE_2015.read_text(encoding="utf-8").encode("utf-16")
        assert parse_file(data, "通知.txt").to_json() == notice_2015.to_json()

    def test_docx_gives_the_same_structure(self, notice_2015):
        data = docx_bytes(NOTICE_2015.read_text(encoding="utf-8"))
        assert parse_file(data, "通知.docx").to_json() == notice_2015.to_json()

    def test_round_trips_through_the_session_form(self, notice_2015):
        restored = ParsedNotice.from_dict(json.loads(json.dumps(notice_2015.to_dict())))
        assert restored == notice_2015


class TestNumberedNotice:
    @pytest.fixture
    def notice(self):
        return parse_file(NUMBERED.encode("gb18030"), "2016.txt")

    def test_header_with_document_number_and_chinese_numeral_date(self, notice):
        assert notice.title == "2016年福州市终身教育工作要点"
        assert notice.document_number == "榕终教委〔2016〕3号"
        assert notice.issuer == "福州市终身教育促进委员会"
        assert notice.issued_on == date(2016, 3, 2)
        assert notice.preamble == "2016年，全市终身教育工作要以建设学习型城市为目标。"

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


def test_unnumbered_plan_without_wrapper_or_signature():
    notice = parse_text(UNNUMBERED)
    assert (notice.title, notice.year, notice.issuer, notice.issued_on) == (
        "2017年福州市终身教育工作要点",
        2017,
        "",
        None,
    )
    first, second = notice.sections[0].tasks
    assert first.lead_units == ["市妇联", "市教育局"]
    assert first.all_members_support is True
    assert second.all_members_lead is True
    assert second.lead_units == []


def test_year_given_overrides_the_title():
    assert parse_text(UNNUMBERED, year=2018).year == 2018


def test_items_before_any_heading_go_to_an_untitled_section():
    notice = parse_text("工作要点\n1.开展培训。全年培训100人次。（牵头单位：市教育局）")
    assert [s.title for s in notice.sections] == [""]
    assert notice.sections[0].tasks[0].lead_units == ["市教育局"]


def test_stray_bracket_line_is_kept_as_a_flagged_item():
    notice = parse_text("工作要点\n推进\n（牵头单位：市教育局）")
    assert notice.tasks[0].title == "（牵头单位：市教育局）"
    assert notice.tasks[0].needs_review is True


def test_aside_in_brackets_is_not_a_unit_list():
    notice = parse_text(
        "工作要点\n推进\n制定评估标准。出台评估办法（试行）。\n开展培训。（牵头单位：市教育局）"
    )
    assert notice.tasks[0].needs_review is True
    assert notice.tasks[0].text == "制定评估标准。出台评估办法（试行）。"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "notice.txt", "无法识别文件“notice.txt”的文字编码"),
        (bytes(range(256)) * 4, "garbage.txt", "无法识别文件“garbage.txt”的文字编码"),
        (b"", "empty.txt", "文件“empty.txt”是空的"),
        (b"   \n  ", "blank.txt", "文件“blank.txt”是空的"),
        (
            "工作要点".encode(),
            "notice.pdf",
            "无法读取“notice.pdf”。可以导入的格式：.*扫描件（PDF、图片）无法识别文字",
        ),
        (b"PK\x03\x04 not really a zip", "broken.docx", "文件“broken.docx”的类型不受支持"),
        (b"hello world", "english.txt", "没有中文内容"),
        ("这只是一段话，没有任何条目".encode(), "short.txt", "没有找到工作要点条目"),
    ],
)
def test_unreadable_files_give_a_chinese_error(data, name, message):
    with pytest.raises(NoticeError, match=message):
        parse_file(data, name)
