"""Every layout a committee office receives, in every file form: trailing brackets in any wording, labelled
lines, and task-breakdown tables in Word and Excel; traditional characters; collective phrases."""

from datetime import date

import opencc
import pytest

from tasks.notice import NoticeError, parse_due, parse_file, parse_text
from tests.tasks.notices import BRACKETS, LABELLED, docx_bytes, table_docx_bytes, table_xlsx_bytes

to_traditional = opencc.OpenCC("s2t").convert

TEXT_FORMS = {
    "utf-8": lambda text: (text.encode("utf-8"), "notice.txt"),
    "gb18030": lambda text: (text.encode("gb18030"), "notice.txt"),
    "utf-16": lambda text: (text.encode("utf-16"), "notice.txt"),
    "docx": lambda text: (docx_bytes(text), "notice.docx"),
    "traditional": lambda text: (to_traditional(text).encode("utf-8"), "notice.txt"),
}


def units(task):
    return task.lead_units, task.supporting_units, [entry["name"] for entry in task.collective_units]


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
def labelled(request):
    return parse_file(*TEXT_FORMS[request.param](LABELLED))


class TestLabelledLines:
    def test_items_and_sections(self, labelled):
        assert [s.title for s in labelled.sections] == ["推进学习型城市建设", "办好老年教育"]
        # 2. 建设社区教育示范街道 has no sentence mark: its labelled lines make it an item, not a heading.
        assert [t.title for t in labelled.tasks] == [
            "开展学习型家庭评选",
            "建设社区教育示范街道",
            "推进老年大学建设",
            "持续开展送教下乡",
        ]

    def test_units_leaders_and_deadlines(self, labelled):
        first, second, third, fourth = labelled.tasks
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

    def test_leaders_are_never_units(self, labelled):
        names = {n for t in labelled.tasks for n in (*t.lead_units, *t.supporting_units)}
        assert not names & {"张三", "李四", "王五", "赵六"}

    def test_labelled_lines_stay_in_the_text(self, labelled):
        assert labelled.tasks[0].text.splitlines()[1:] == [
            "牵头单位：市妇联",
            "配合单位：市教育局、市文明办。",
            "完成时限：2026年6月底",
        ]


TABLE_FORMS = {
    "docx": lambda: (table_docx_bytes(), "分解表.docx"),
    "docx-traditional": lambda: (table_docx_bytes(traditional=True), "分解表.docx"),
    "xlsx": lambda: (table_xlsx_bytes(), "分解表.xlsx"),
}


@pytest.fixture(params=TABLE_FORMS, ids=list(TABLE_FORMS))
def table(request):
    return parse_file(*TABLE_FORMS[request.param]())


class TestTables:
    def test_title_sections_and_items(self, table):
        assert (table.title, table.year) == ("2027年福州市终身教育工作任务分解表", 2027)
        assert [s.title for s in table.sections] == ["完善体制机制", "夯实基层基础"]
        assert [t.number for t in table.tasks] == ["1", "2", "3", "4", "5", "6"]
        assert [t.title for t in table.tasks][:2] == ["健全联席会议制度", "推进学分银行建设"]

    def test_units_by_column_whatever_the_order(self, table):
        tasks = table.tasks
        assert units(tasks[0]) == (["市教育局"], ["市民政局", "市财政局"], [])
        assert units(tasks[1]) == (["市教育局", "市人社局"], [], ["各有关单位"])
        assert units(tasks[2]) == (["市教育局"], [], ["各县（市、区）人民政府"])
        assert units(tasks[3]) == (["市总工会"], [], ["市终身教育促进委员会其他成员单位"])
        assert units(tasks[4]) == (["市委老干部局"], ["市民政局", "市卫健委"], [])
        assert tasks[5].all_members_lead is True

    def test_leaders_and_deadlines(self, table):
        assert [t.leaders for t in table.tasks] == [["张三"], ["李四"], [], ["王五"], [], []]
        assert [t.due for t in table.tasks] == [
            date(2027, 3, 31),
            date(2027, 12, 31),
            None,
            date(2027, 6, 30),
            date(2027, 6, 30),
            date(2027, 12, 31),
        ]

    def test_a_note_row_is_shown_not_imported(self, table):
        assert table.unplaced == ["注：各单位每季度末报送进展情况。"]


def test_a_row_merged_down_adds_to_the_item_above():
    """In the Word table the last item's lead cell is merged into a row that only adds a supporting unit."""
    last = parse_file(*TABLE_FORMS["docx"]()).tasks[-1]
    assert units(last) == ([], ["市文广旅局"], ["市终身教育促进委员会各成员单位"])


def test_a_table_without_a_unit_column_is_read_as_paragraphs():
    from io import BytesIO

    import docx

    document = docx.Document()
    document.add_paragraph("2028年工作要点")
    grid = document.add_table(rows=1, cols=1)
    grid.rows[0].cells[0].text = "开展培训。全年培训100人次。（牵头单位：市教育局）"
    output = BytesIO()
    document.save(output)
    notice = parse_file(output.getvalue(), "layout.docx")
    assert units(notice.tasks[0]) == (["市教育局"], [], [])


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("各区、县级市", "lead"),
        ("各县（市）区", "support"),
        ("各县（市、区）人民政府", "support"),
        ("各乡镇（街道）", "support"),
        ("各有关单位", "support"),
        ("市直有关部门", "support"),
        ("市终身教育促进委员会其他成员单位", "support"),
        ("各项目牵头单位", "lead"),
    ],
)
def test_a_collective_phrase_is_kept_whole_and_never_a_unit(phrase, role):
    bracket = (
        f"牵头单位：市教育局、{phrase}"
        if role == "lead"
        else f"牵头单位：市教育局；配合单位：市民政局、{phrase}"
    )
    task = parse_text(f"2025年工作要点\n开展培训。全年培训。（{bracket}）").tasks[0]
    assert task.lead_units == ["市教育局"]
    assert task.supporting_units == ([] if role == "lead" else ["市民政局"])
    assert task.collective_units == [{"name": phrase, "role": role}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年6月底", date(2025, 6, 30)),
        ("6月30日前", date(2025, 6, 30)),
        ("年底前", date(2025, 12, 31)),
        ("长期坚持", None),
        ("持续推进", None),
        ("十月底前完成", date(2025, 10, 31)),
        ("第三季度", date(2025, 9, 30)),
        ("上半年", date(2025, 6, 30)),
        ("2025年3月底前完成方案，11月底前全面完成", date(2025, 11, 30)),
        ("2026年底", date(2026, 12, 31)),
        ("6月前", date(2025, 5, 31)),
    ],
)
def test_deadlines(text, expected):
    assert parse_due(text, 2025) == expected


def test_traditional_text_is_read_as_simplified():
    task = parse_text("2025年工作要點\n開展培訓。全年培訓。（市教育局牽頭，市民政局、市財政局配合）").tasks[0]
    assert (task.title, task.lead_units, task.supporting_units) == (
        "开展培训",
        ["市教育局"],
        ["市民政局", "市财政局"],
    )


def test_an_old_office_file_without_libreoffice_is_refused_with_the_forms_read(monkeypatch):
    monkeypatch.setattr("tasks.notice.shutil.which", lambda name: None)
    with pytest.raises(NoticeError, match="未安装 LibreOffice.*另存为 .xlsx.*可以导入的格式"):
        parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls")


def test_an_old_office_file_is_converted_where_libreoffice_is_installed(monkeypatch, tmp_path):
    """A stand-in for soffice that writes the converted file where LibreOffice would."""
    converted = docx_bytes("2025年工作要点\n开展培训。全年培训。（牵头单位：市教育局）")
    (tmp_path / "converted.docx").write_bytes(converted)
    script = tmp_path / "soffice"
    script.write_text(
        f'#!/bin/sh\nfor last; do :; done\ncp {tmp_path}/converted.docx "$(dirname "$last")/notice.docx"\n'
    )
    script.chmod(0o755)
    monkeypatch.setattr("tasks.notice.shutil.which", lambda name: str(script) if name == "soffice" else None)
    notice = parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")
    assert notice.tasks[0].lead_units == ["市教育局"]


def test_a_sheet_beyond_the_row_limit_is_refused():
    with pytest.raises(NoticeError, match="超过 5 行"):
        parse_file(table_xlsx_bytes(), "big.xlsx", max_rows=5)


@pytest.mark.parametrize(
    "bracket",
    ["责任单位：市教育局（牵头）、市民政局、各县（市）区", "市民政局、市教育局(牵头)、各县（市）区"],
)
def test_a_unit_marked_as_the_lead_in_a_list(bracket):
    task = parse_text(f"2025年工作要点\n开展培训。全年培训。（{bracket}）").tasks[0]
    assert units(task) == (["市教育局"], ["市民政局"], ["各县（市）区"])
    assert task.collective_units[0]["role"] == "support"
