"""The line and bracket grammar: numbering, headings, trailing brackets in any wording, closing sentences and
labelled lines, in every text form."""

from datetime import date

import pytest

from tasks.notice import parse_file, parse_text
from tasks.notice.grammar import (
    Item,
    is_heading_like,
    labelled,
    numbering,
    strip_numbering,
    trailing_bracket,
)
from tests.tasks.notice.forms import TEXT_FORMS, units
from tests.tasks.notices import BRACKETS, LABELLED


@pytest.mark.parametrize(
    ("line", "number", "rest"),
    [
        ("一、健全工作机制", "一", "健全工作机制"),
        ("（二）建立督查制度。", "二", "建立督查制度。"),
        ("(3)开展培训", "3", "开展培训"),
        ("12. 推进老年教育", "12", "推进老年教育"),
        ("2.5万人次参加培训", "", "2.5万人次参加培训"),  # a decimal is no number
        ("推进老年教育", "", "推进老年教育"),
    ],
)
def test_numbering(line, number, rest):
    assert (numbering(line), strip_numbering(line)) == (number, rest)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("健全工作机制", True),
        ("开展培训，提升素养", False),
        ("牵头单位：市教育局", False),
        ("长" * 31, False),
    ],
)
def test_heading_like(line, heading):
    assert is_heading_like(line) is heading


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("开展培训。（牵头单位：市教育局）。", ("开展培训。", "牵头单位：市教育局")),
        ("开展培训(市教育局牵头)", ("开展培训", "市教育局牵头")),
        ("（责任单位：市教育局）", ("", "责任单位：市教育局")),
        ("出台评估办法（试行）。", None),  # an aside, not a list of units
        ("开展培训。", None),
        ("开展培训）", None),
    ],
)
def test_trailing_bracket(paragraph, expected):
    assert trailing_bracket(paragraph) == expected


@pytest.mark.parametrize(
    ("content", "parts"),
    [
        ("牵头单位：市教育局；配合单位：市民政局", [("lead", "市教育局"), ("support", "市民政局")]),
        ("市教育局牵头，市民政局配合", [(None, "市教育局牵头，市民政局配合")]),
        ("责任单位:市教育局。", [("either", "市教育局")]),
        ("完成时限：6月底", [("deadline", "6月底")]),
        ("牵头负责领导：张三", [("leader", "张三")]),
        ("", []),
    ],
)
def test_labelled_parts(content, parts):
    assert labelled(content) == parts


def test_an_item_title_is_its_first_sentence_without_number():
    task = Item("3.推进老年教育；扩大办学规模。（牵头单位：市委老干部局）").task()
    assert (task.number, task.title, task.lead_units) == ("3", "推进老年教育", ["市委老干部局"])
    assert task.text == "推进老年教育；扩大办学规模。（牵头单位：市委老干部局）"


def test_an_item_with_labels_inline_and_a_closing_sentence():
    inline = Item("开展培训。牵头单位：市教育局；配合单位：市民政局。").task()
    assert units(inline) == (["市教育局"], ["市民政局"], [])
    sentence = Item("开展培训。全年培训100人次。由市教育局牵头，市民政局配合。").task()
    assert units(sentence) == (["市教育局"], ["市民政局"], [])


def test_an_item_without_units_needs_review():
    assert Item("开展培训。").task().needs_review is True


@pytest.fixture(params=TEXT_FORMS, ids=list(TEXT_FORMS))
def brackets(request):
    return parse_file(*TEXT_FORMS[request.param](BRACKETS))


class TestBracketWordings:
    def test_every_item_is_found_under_its_section(self, brackets):
        assert (brackets.title, brackets.year, brackets.issued_on) == (
            "2025年福州市终身教育工作要点",
            2025,
            date(2025, 2, 20),
        )
        assert [s.title for s in brackets.sections] == ["完善体制机制", "夯实基层基础"]
        assert [t.number for t in brackets.tasks] == [str(n) for n in range(1, 13)]

    @pytest.mark.parametrize(
        ("index", "expected"),
        [
            (0, (["市教育局"], ["市民政局", "市财政局"], [])),  # 牵头部门：…；配合部门：…
            (1, (["市教育局"], [], [])),  # 责任单位：…
            (2, (["市委老干部局"], ["市民政局", "市卫健委"], [])),  # 主责单位：…，协办单位：…
            (3, (["职成教科"], [], [])),  # 责任科室：…
            (4, (["市教育局"], ["市民政局", "市财政局"], [])),  # …牵头，…配合
            (5, (["市教育局", "市民政局"], [], ["各有关单位"])),  # …牵头，各有关单位按职责分工负责
            (6, (["市教育局"], ["市民政局"], [])),  # 由…牵头，…配合。
            (7, (["市教育局"], [], ["各区、县级市"])),  # half-width, a group after the lead
            (8, (["市教育局"], [], ["各县（市）区人民政府", "各乡镇（街道）"])),
            (9, (["市财政局"], [], ["市直有关部门", "市终身教育促进委员会其他成员单位"])),
            (10, ([], [], ["各项目牵头单位"])),
            (11, (["市总工会", "市人社局"], ["发改委", "市科技局"], [])),  # 等; separated by a space
        ],
    )
    def test_units_in_every_wording(self, brackets, index, expected):
        assert units(brackets.tasks[index]) == expected

    def test_roles_of_groups_and_flags(self, brackets):
        tasks = brackets.tasks
        assert tasks[5].collective_units == [{"name": "各有关单位", "role": "support"}]
        assert tasks[7].collective_units == [{"name": "各区、县级市", "role": "lead"}]
        assert tasks[9].all_members_support is True
        assert tasks[11].and_others is True
        # Only an unknown group leads item 11: staff must look; a known group leading item 8 is enough.
        assert [t.needs_review for t in (tasks[10], tasks[7])] == [True, False]

    def test_the_text_keeps_the_bracket(self, brackets):
        assert brackets.tasks[0].text.endswith("（牵头部门：市教育局；配合部门：市民政局、市财政局）")


@pytest.fixture(params=TEXT_FORMS, ids=list(TEXT_FORMS))
def labelled_notice(request):
    return parse_file(*TEXT_FORMS[request.param](LABELLED))


class TestLabelledLines:
    def test_items_and_sections(self, labelled_notice):
        assert [s.title for s in labelled_notice.sections] == ["推进学习型城市建设", "办好老年教育"]
        # 2. 建设社区教育示范街道 has no sentence mark: its labelled lines make it an item, not a heading.
        assert [t.title for t in labelled_notice.tasks] == [
            "开展学习型家庭评选",
            "建设社区教育示范街道",
            "推进老年大学建设",
            "持续开展送教下乡",
        ]

    def test_units_leaders_and_deadlines(self, labelled_notice):
        first, second, third, fourth = labelled_notice.tasks
        assert units(first) == (["市妇联"], ["市教育局", "市文明办"], [])
        assert (first.deadline, first.due) == ("2026年6月底", date(2026, 6, 30))
        # 责任单位 next to a 牵头 label names those who share the work, not the lead.
        assert units(second) == (["市教育局"], ["市民政局"], ["各县（市）区"])
        assert (second.leaders, second.due) == (["张三", "李四"], date(2026, 12, 31))
        assert units(third) == (["市委老干部局"], ["市财政局", "市人社局"], [])
        assert (third.leaders, third.due) == (["王五"], date(2026, 6, 30))
        # 责任单位 alone is the lead; 长期坚持 has no date but keeps its words.
        assert units(fourth) == (["市农业农村局"], [], ["各乡镇（街道）"])
        assert (fourth.leaders, fourth.deadline, fourth.due) == (["赵六"], "长期坚持", None)

    def test_leaders_are_never_units(self, labelled_notice):
        names = {n for t in labelled_notice.tasks for n in (*t.lead_units, *t.supporting_units)}
        assert not names & {"张三", "李四", "王五", "赵六"}

    def test_labelled_lines_stay_in_the_text(self, labelled_notice):
        assert labelled_notice.tasks[0].text.splitlines()[1:] == [
            "牵头单位：市妇联",
            "配合单位：市教育局、市文明办。",
            "完成时限：2026年6月底",
        ]


def test_a_bracket_on_its_own_line_under_a_heading_makes_it_the_item():
    notice = parse_text("工作要点\n推进社区教育\n（牵头单位：市教育局）")
    assert (notice.tasks[0].title, notice.tasks[0].lead_units) == ("推进社区教育", ["市教育局"])


def test_a_second_bracket_on_its_own_line_is_kept_as_a_flagged_item():
    notice = parse_text("工作要点\n开展培训。（牵头单位：市教育局）\n（牵头单位：市民政局）")
    assert [(task.title, task.lead_units, task.needs_review) for task in notice.tasks] == [
        ("开展培训", ["市教育局"], False),
        ("（牵头单位：市民政局）", [], True),
    ]


def test_aside_in_brackets_is_not_a_unit_list():
    notice = parse_text(
        "工作要点\n推进\n制定评估标准。出台评估办法（试行）。\n开展培训。（牵头单位：市教育局）"
    )
    assert notice.tasks[0].needs_review is True
    assert notice.tasks[0].text == "制定评估标准。出台评估办法（试行）。"
