"""Task-breakdown tables: the header found by its column names in any order, in Word and Excel."""

from datetime import date

import pytest

from tasks.notice import parse_file
from tasks.notice.columns import column_kind, header_row, split_tables
from tasks.notice.reading import Table
from tests.tasks.notice.forms import units
from tests.tasks.notices import table_docx_bytes, table_xlsx_bytes

TABLE_FORMS = {
    "docx": lambda: (table_docx_bytes(), "分解表.docx"),
    "docx-traditional": lambda: (table_docx_bytes(traditional=True), "分解表.docx"),
    "xlsx": lambda: (table_xlsx_bytes(), "分解表.xlsx"),
}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("序号", "number"),
        ("重点工作任务", "task"),
        ("工 作 任 务", "task"),
        ("牵头单位（部门）", "lead"),
        ("协同配合单位", "support"),
        ("责任单位", "either"),
        ("分管领导", "leader"),
        ("时限", "deadline"),
        ("具体措施", "detail"),
        # Other wordings and shapes: by what the words mean.
        ("重点工作事项", "task"),
        ("主要目标任务", "task"),
        ("项目名称", "task"),
        ("牵头\n部门", "lead"),
        ("主责部门", "lead"),
        ("负责单位", "either"),
        ("责任部门（单位）", "either"),
        ("协同部门", "support"),
        ("参与单位", "support"),
        ("相关单位", "support"),
        ("时间节点", "deadline"),
        ("完成期限", "deadline"),
        ("类别", "category"),
        # Columns that hold no units: known, and left out.
        ("责任人", "leader"),
        ("牵头领导", "leader"),
        ("进展情况", "progress"),
        ("联系电话", "contact"),
        ("咨询热线", "contact"),
        ("备注", "remark"),
        # Content, not a header: a place, or too long.
        ("市直相关单位", None),
        ("各有关单位按职责分工负责落实", None),
        ("", None),
    ],
)
def test_column_kind(name, kind):
    assert column_kind(name) == kind


def test_header_needs_a_task_column_and_a_unit_column():
    header = header_row(["序号", "工作任务", "具体措施", "牵头单位", "配合单位", "联系电话", "进度"])
    assert header.columns == {
        "number": [0],
        "task": [1],
        "detail": [2],
        "lead": [3],
        "support": [4],
        "contact": [5],
    }
    assert (header.ignored, header.unknown) == (["联系电话"], ["进度"])
    assert header_row(["序号", "工作任务", "完成时限"]) is None
    # A header cell merged over two columns counts once; a second task column is the detail.
    assert header_row(["工作任务", "工作任务", "重点任务", "责任单位"]).columns == {
        "task": [0],
        "detail": [2],
        "either": [3],
    }


def test_a_position_note_in_the_header_is_read():
    assert header_row(["工作任务", "责任单位（排在首位的为牵头单位）"]).first_leads is True
    assert header_row(["工作任务", "责任单位"]).first_leads is False


def test_split_tables_keeps_the_lines_above_the_header_and_reads_a_header_on_two_rows_as_one():
    table = Table(
        rows=[
            ["2027年任务分解表", "2027年任务分解表", "2027年任务分解表"],
            ["工作任务", "责任单位", "责任单位"],
            ["工作任务", "牵头", "配合"],
            ["开展培训", "市教育局", "市民政局"],
        ],
        spanning=[True, False, False, False],
    )
    title, rows = split_tables([table])
    assert title == "2027年任务分解表"
    assert rows.header.columns == {"task": [0], "lead": [1], "support": [2]}
    assert rows.rows == [["开展培训", "市教育局", "市民政局"]]


def test_a_table_without_a_header_of_its_own_continues_the_one_before_or_is_a_layout():
    task_table = Table(rows=[["工作任务", "牵头单位"], ["开展培训", "市教育局"]], spanning=[False, False])
    next_page = Table(rows=[["建设课程", "市社区大学"]], spanning=[False])
    layout = Table(rows=[["说明：", "一、总体要求", "一、总体要求"]], spanning=[False])
    first, second, *lines = split_tables([task_table, next_page, layout])
    assert second.header is first.header and second.rows == [["建设课程", "市社区大学"]]
    assert lines == ["说明：", "一、总体要求"]


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
