"""Synthetic notices, one for each convention real offices use, and the file forms they arrive in.

A notice written as paragraphs is rendered as .txt in UTF-8 and in GB18030, as Word paragraphs, as a Word
table of one column (a notice laid out in a table) and as an Excel sheet of one column. A notice written as a
task-breakdown table is rendered as a Word table and as an Excel sheet, with its merged cells merged."""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

# A table cell merged with the one above it (a category or a lead unit written once for several rows).
ABOVE = object()


@dataclass
class Expect:
    """One item as it must be read: its title, lead and supporting units and groups (as written)."""

    title: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    groups: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    leaders: list[str] | None = None
    due: date | None = None
    needs_review: bool = False
    doubt: str = ""  # a word the item's doubts must mention
    text: str = ""  # a line its text must hold (a sub-point)


@dataclass
class Case:
    name: str
    expected: list[Expect]
    text: str = ""  # a notice written as paragraphs
    title: str = ""  # a task table's title, above it
    rows: list = field(
        default_factory=list
    )  # a task table: ("header", cells) | ("span", text) | ("row", cells)
    sections: list[str] | None = None
    conventions: int = 0  # how many document-wide conventions the preview must state
    doubts: list[str] = field(default_factory=list)  # words the notice's own doubts must mention


# Paragraph forms ----------------------------------------------------------------------------------------


def docx_paragraphs(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    return _saved(document)


def docx_layout_table(text: str) -> bytes:
    """The notice laid out in a one-column Word table, a line a row."""
    import docx

    lines = text.splitlines()
    document = docx.Document()
    table = document.add_table(rows=len(lines), cols=1)
    for row, line in zip(table.rows, lines, strict=True):
        row.cells[0].text = line
    return _saved(document)


def xlsx_lines(text: str) -> bytes:
    """The notice in column A of an Excel sheet, a line a row."""
    from openpyxl import Workbook

    workbook = Workbook()
    for line in text.splitlines():
        workbook.active.append([line])
    return _saved(workbook)


def _saved(document) -> bytes:
    output = BytesIO()
    document.save(output)
    return output.getvalue()


TEXT_FORMS = {
    "txt-utf8": lambda text: (text.encode("utf-8"), "notice.txt"),
    "txt-gb18030": lambda text: (text.encode("gb18030"), "notice.txt"),
    "docx": lambda text: (docx_paragraphs(text), "notice.docx"),
    "docx-table": lambda text: (docx_layout_table(text), "notice.docx"),
    "xlsx": lambda text: (xlsx_lines(text), "notice.xlsx"),
}


# Table forms ---------------------------------------------------------------------------------------------


def _width(rows) -> int:
    return max(len(cells) for kind, cells in rows if kind != "span")


def docx_task_table(title: str, rows) -> bytes:
    """The title as a paragraph, then the table: "span" rows merged across, ABOVE cells merged down."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    width = _width(rows)
    table = document.add_table(rows=0, cols=width)
    for kind, cells in rows:
        row = table.add_row().cells
        if kind == "span":
            row[0].merge(row[-1]).text = cells
            continue
        for index, value in enumerate(cells):
            if value is ABOVE:
                table.rows[len(table.rows) - 2].cells[index].merge(row[index])
            elif isinstance(value, date):
                row[index].text = f"{value.year}年{value.month}月{value.day}日"
            elif value:
                row[index].text = value
    return _saved(document)


def xlsx_task_table(title: str, rows) -> bytes:
    """The title in a row merged across, then the table: "span" rows merged across, ABOVE cells merged
    down, dates as Excel keeps them."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    width = _width(rows)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    grid = []
    for kind, cells in rows:
        sheet.append([cells] if kind == "span" else [None if value is ABOVE else value for value in cells])
        grid.append([] if kind == "span" else cells)
        if kind == "span":
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
    for column in range(width):
        top = None
        for index, cells in enumerate(grid + [[]]):
            if column < len(cells) and cells[column] is ABOVE:
                continue
            if top is not None and index - top > 1:
                sheet.merge_cells(
                    start_row=top + 2, start_column=column + 1, end_row=index + 1, end_column=column + 1
                )
            top = index
    return _saved(workbook)


TABLE_FORMS = {
    "docx-table": lambda case: (docx_task_table(case.title, case.rows), "分解表.docx"),
    "xlsx": lambda case: (xlsx_task_table(case.title, case.rows), "分解表.xlsx"),
}


def forms(case: Case) -> dict:
    """{form: (bytes, filename)} for every form the case can take."""
    if case.text:
        return {name: (lambda render=render: render(case.text)) for name, render in TEXT_FORMS.items()}
    return {name: (lambda render=render: render(case)) for name, render in TABLE_FORMS.items()}


# The conventions ----------------------------------------------------------------------------------------

COLLECTIVES = Case(
    name="collectives",
    text="""2024年某市社区教育工作要点
一、完善工作机制
1.开展社区教育。指导各地开展社区教育。（牵头单位：市教育局；配合单位：各乡、镇、街道办事处）
2.推进老年教育。扩大办学规模。（牵头单位：市委老干部局；配合单位：各县（区、市）教育行政部门）
3.开放学习资源。推进免费开放。（牵头单位：市文广旅局；配合单位：市级各部门、其他成员单位）
4.加强宣传。营造终身学习氛围。（牵头单位：市委宣传部；配合单位：市教育局等有关部门）
5.建设社区学校。新建社区学校。（牵头单位：市教育局；配合单位：全体成员单位、5个街道、相关单位）
6.推进家庭教育。（牵头单位：市妇联；配合单位：各县（区、市） 教育行政部门，12个乡镇（街道））
""",
    expected=[
        Expect("开展社区教育", ["市教育局"], [], [("各乡、镇、街道办事处", "support")]),
        Expect("推进老年教育", ["市委老干部局"], [], [("各县（区、市）教育行政部门", "support")]),
        Expect("开放学习资源", ["市文广旅局"], [], [("市级各部门", "support"), ("其他成员单位", "support")]),
        Expect("加强宣传", ["市委宣传部"], ["市教育局"], [("有关部门", "support")]),
        Expect(
            "建设社区学校",
            ["市教育局"],
            [],
            [("全体成员单位", "support"), ("5个街道", "support"), ("相关单位", "support")],
        ),
        Expect(
            "推进家庭教育",
            ["市妇联"],
            [],
            [("各县（区、市）教育行政部门", "support"), ("12个乡镇（街道）", "support")],
        ),
    ],
    sections=["完善工作机制"],
)

COLLECTIVES_TABLE = Case(
    name="collectives-table",
    title="2024年某市社区教育工作任务分解表",
    rows=[
        ("header", ["序号", "工作任务", "牵头单位", "配合单位"]),
        ("row", ["1", "开展社区教育", "市教育局", "各乡、镇、街道办事处"]),
        ("row", ["2", "推进老年教育", "市委老干部局", "各县（区、市）教育行政部门"]),
        ("row", ["3", "加强宣传", "市委宣传部", "市教育局等有关部门"]),
        ("row", ["4", "建设社区学校", "各乡、镇人民政府", "市级各部门、5个街道"]),
    ],
    expected=[
        Expect("开展社区教育", ["市教育局"], [], [("各乡、镇、街道办事处", "support")]),
        Expect("推进老年教育", ["市委老干部局"], [], [("各县（区、市）教育行政部门", "support")]),
        Expect("加强宣传", ["市委宣传部"], ["市教育局"], [("有关部门", "support")]),
        Expect(
            "建设社区学校",
            [],
            [],
            [("各乡、镇人民政府", "lead"), ("市级各部门", "support"), ("5个街道", "support")],
            needs_review=True,
        ),
    ],
)

FIRST_LEADS = Case(
    name="first-leads",
    text="""2023年某县终身教育工作要点
（责任单位中排在首位的为牵头单位，以下同）
一、健全工作机制
1.完善联席会议制度。每半年召开一次。（责任单位：县教育局、县民政局、县财政局）
2.开放学习资源。推进公共设施免费开放。（县文旅局、县教育局、县科协分别负责）
3.建设学习型机关。开展读书活动。（县直机关工委、各乡镇）
4.发展老年教育。扩大老年大学规模。（县委老干部局牵头，县教育局配合）
5.开展农民培训。（各乡镇、县教育局）
""",
    expected=[
        Expect("完善联席会议制度", ["县教育局"], ["县民政局", "县财政局"]),
        Expect("开放学习资源", ["县文旅局", "县教育局", "县科协"]),
        Expect("建设学习型机关", ["县直机关工委"], [], [("各乡镇", "support")]),
        Expect("发展老年教育", ["县委老干部局"], ["县教育局"]),
        Expect("开展农民培训", [], ["县教育局"], [("各乡镇", "lead")], needs_review=True),
    ],
    conventions=1,
)

FIRST_LEADS_IN_BRACKET = Case(
    name="first-leads-in-bracket",
    text="""2023年某县终身教育工作要点
一、健全工作机制
1.完善联席会议制度。每半年召开一次。（责任单位：县教育局、县民政局、县财政局。排在首位的为牵头单位，以下同）
2.建设社区学校。新建社区学校5所。（责任单位：县教育局、各乡镇）
3.开放学习资源。（责任单位：县文旅局、县科协分别牵头）
""",
    expected=[
        Expect("完善联席会议制度", ["县教育局"], ["县民政局", "县财政局"]),
        Expect("建设社区学校", ["县教育局"], [], [("各乡镇", "support")]),
        Expect("开放学习资源", ["县文旅局", "县科协"]),
    ],
    conventions=1,
)

FIRST_LEADS_TABLE = Case(
    name="first-leads-table",
    title="2023年某县终身教育重点任务清单",
    rows=[
        ("header", ["序号", "重点任务", "责任单位（排在第一位的为牵头单位）", "完成时限"]),
        ("row", ["1", "完善联席会议制度", "县教育局、县民政局、县财政局", "2023年6月底前"]),
        ("row", ["2", "开放学习资源", "县文旅局、县教育局分别负责", "2023年"]),
        ("row", ["3", "建设学习型机关", "县直机关工委、各乡镇", "年底前"]),
    ],
    expected=[
        Expect("完善联席会议制度", ["县教育局"], ["县民政局", "县财政局"], due=date(2023, 6, 30)),
        Expect("开放学习资源", ["县文旅局", "县教育局"], due=date(2023, 12, 31)),
        Expect("建设学习型机关", ["县直机关工委"], [], [("各乡镇", "support")], due=date(2023, 12, 31)),
    ],
    conventions=1,
)

FIRST_LEADS_TABLE_NOTE = Case(
    name="first-leads-table-note",
    title="2023年某县终身教育重点任务清单",
    rows=[
        ("header", ["序号", "工作事项", "责任部门"]),
        ("row", ["1", "完善联席会议制度", "县教育局、县民政局"]),
        ("row", ["2", "发展老年教育", "县委老干部局、县教育局、县卫健局"]),
        ("span", "注：责任部门排在第一位的为牵头部门。"),
    ],
    expected=[
        Expect("完善联席会议制度", ["县教育局"], ["县民政局"]),
        Expect("发展老年教育", ["县委老干部局"], ["县教育局", "县卫健局"]),
    ],
    conventions=1,
)

HEADERS_TWO_ROWS = Case(
    name="headers-two-rows-extra-columns",
    title="2024年某市终身教育工作任务分解表",
    rows=[
        (
            "header",
            ["序号", "重点工作事项", "责任单位", "责任单位", "责任领导", "时间节点", "进展情况", "咨询热线"],
        ),
        ("header", ["序号", "重点工作事项", "牵头", "配合", "责任领导", "时间节点", "进展情况", "咨询热线"]),
        ("span", "一、完善体制机制"),
        (
            "row",
            [
                "1",
                "1.健全联席会议制度。每季度召开一次。",
                "市教育局",
                "市民政局、市财政局",
                "张三",
                "2024年6月底前",
                "已召开两次",
                "0591-87654321",
            ],
        ),
        ("row", ["2", "推进学分银行建设", "市教育局", "市人社局", "李四", "2024年度", "制定办法", "12345"]),
    ],
    expected=[
        Expect(
            "健全联席会议制度",
            ["市教育局"],
            ["市民政局", "市财政局"],
            leaders=["张三"],
            due=date(2024, 6, 30),
        ),
        Expect("推进学分银行建设", ["市教育局"], ["市人社局"], leaders=["李四"], due=date(2024, 12, 31)),
    ],
    sections=["完善体制机制"],
)

HEADERS_SPACED_CATEGORY = Case(
    name="headers-spaced-broken-category-merged",
    title="2024年某区社区教育工作计划表",
    rows=[
        ("header", ["类别", "序 号", "工 作 任 务", "牵头\n部门", "协同部门", "分管领导", "完成期限"]),
        ("row", ["体制机制", "1", "完善联席会议制度", "区教育局", "区民政局", "王五", "2024年3月"]),
        ("row", [ABOVE, "2", "建立督查通报制度", "区政府办", "区教育局", "王五", "2024年12月31日"]),
        ("row", ["学习资源", "3", "建设社区教育课程库", "区社区学院", "区文旅局", "赵六", "2024年"]),
        ("row", [ABOVE, "4", "开放学习场所", "区文旅局", "各街道", "", "长期坚持"]),
    ],
    expected=[
        Expect("完善联席会议制度", ["区教育局"], ["区民政局"], leaders=["王五"], due=date(2024, 3, 31)),
        Expect("建立督查通报制度", ["区政府办"], ["区教育局"], leaders=["王五"], due=date(2024, 12, 31)),
        Expect("建设社区教育课程库", ["区社区学院"], ["区文旅局"], leaders=["赵六"], due=date(2024, 12, 31)),
        Expect("开放学习场所", ["区文旅局"], [], [("各街道", "support")], due=None),
    ],
    sections=["体制机制", "学习资源"],
)

HEADERS_EMPTY_CATEGORY_PEOPLE = Case(
    name="headers-empty-category-people-unknown-column",
    title="2025年某县终身教育项目清单",
    rows=[
        ("header", ["类别", "项目名称", "主责部门", "参与单位", "督导组", "备注"]),
        ("row", ["", "社区教育示范点建设", "县教育局 王芳", "各乡镇", "第一组", ""]),
        ("row", ["", "老年学校建设", "县委老干部局", "县民政局、李明", "第二组", "新增"]),
    ],
    expected=[
        Expect(
            "社区教育示范点建设", ["县教育局"], [], [("各乡镇", "support")], leaders=["王芳"], doubt="王芳"
        ),
        Expect("老年学校建设", ["县委老干部局"], ["县民政局"], leaders=["李明"], doubt="李明"),
    ],
    doubts=["督导组"],
)

UNNUMBERED_LABELLED = Case(
    name="unnumbered-labelled-lines",
    text="""2025年某区社区教育工作计划
为推进学习型城区建设，现制定本计划。
加强社区教育队伍建设。每年培训专职干部100人次。
责任单位：区教育局、区民政局
完成期限：2025年6月底前
推进老年大学进社区。新增社区老年学校10所。
【责任单位】区委老干部局
【完成期限】2025年
扩大学习资源开放
牵头单位：区文旅局
配合单位：各街道（镇）
完成时限：年底前
""",
    expected=[
        Expect("加强社区教育队伍建设", ["区教育局", "区民政局"], due=date(2025, 6, 30)),
        Expect("推进老年大学进社区", ["区委老干部局"], due=date(2025, 12, 31)),
        Expect("扩大学习资源开放", ["区文旅局"], [], [("各街道（镇）", "support")], due=date(2025, 12, 31)),
    ],
)

SUB_POINTS = Case(
    name="units-once-for-sub-points",
    text="""2024年某市终身教育工作要点
一、完善体制机制
（一）健全联席会议制度。（牵头单位：市教育局；配合单位：市民政局）
1.每半年召开一次联席会议；
2.建立工作通报制度。
（二）推进学分银行建设
1.制定学分认定办法；
2.建立学习成果档案。
牵头单位：市教育局
配合单位：市人社局
（三）发展社区教育
1.新建社区学校20所。（牵头单位：市教育局）
2.培训社区教育工作者。（牵头单位：市民政局）
3.开展社区教育活动周。
二、丰富学习资源
（一）建设课程库。新增课程100门。（责任单位：市社区大学）
（1）征集优秀课程；
（2）开展课程评比。
""",
    expected=[
        Expect("健全联席会议制度", ["市教育局"], ["市民政局"], text="1.每半年召开一次联席会议；"),
        Expect("推进学分银行建设", ["市教育局"], ["市人社局"], text="2.建立学习成果档案。", doubt="小项"),
        Expect("新建社区学校20所", ["市教育局"]),
        Expect("培训社区教育工作者", ["市民政局"]),
        Expect("开展社区教育活动周", needs_review=True),
        Expect("建设课程库", ["市社区大学"], text="（2）开展课程评比。"),
    ],
    sections=["完善体制机制", "发展社区教育", "丰富学习资源"],
)

SMALLER = Case(
    name="smaller-conventions",
    text="""2024年某市终身教育工作要点
一、重点工作
1.开展全民终身学习活动周。（牵头：市教育局；配合：市文明办、市科协）
2.推进社区教育示范街道建设。（市教育局、市民政局负责）
3.加强社区教育经费保障。（市财政局、教育局、人社局）
4.推进学习型城市建设。完成时限：2024年
5.开展老年教育。（牵头单位：市委老干部局）完成时限：2024年6月底前
6.推进职业培训。（牵头单位：市人社局；配合单位：市总工会；联系人：王芳，电话0591-87654321）
""",
    expected=[
        Expect("开展全民终身学习活动周", ["市教育局"], ["市文明办", "市科协"]),
        Expect("推进社区教育示范街道建设", ["市教育局", "市民政局"]),
        Expect("加强社区教育经费保障", ["市财政局", "市教育局", "市人社局"]),
        Expect("推进学习型城市建设", due=date(2024, 12, 31), needs_review=True),
        Expect("开展老年教育", ["市委老干部局"], due=date(2024, 6, 30)),
        Expect("推进职业培训", ["市人社局"], ["市总工会"], leaders=[]),
    ],
)

SMALLER_TABLE = Case(
    name="smaller-conventions-table",
    title="2024年某市终身教育工作任务分解表",
    rows=[
        ("header", ["序号", "工作任务", "责任单位", "完成时限"]),
        ("row", ["1", "开展全民终身学习活动周", "牵头：市教育局；配合：市文明办、市科协", "2024年9月"]),
        ("row", ["2", "推进社区教育示范街道建设", "市教育局、市民政局负责", date(2024, 6, 30)]),
        ("row", ["3", "加强社区教育经费保障", "市财政局、教育局、人社局", "2024年"]),
    ],
    expected=[
        Expect("开展全民终身学习活动周", ["市教育局"], ["市文明办", "市科协"], due=date(2024, 9, 30)),
        Expect("推进社区教育示范街道建设", ["市教育局", "市民政局"], due=date(2024, 6, 30)),
        Expect("加强社区教育经费保障", ["市财政局", "市教育局", "市人社局"], due=date(2024, 12, 31)),
    ],
)

CASES = [
    COLLECTIVES,
    COLLECTIVES_TABLE,
    FIRST_LEADS,
    FIRST_LEADS_IN_BRACKET,
    FIRST_LEADS_TABLE,
    FIRST_LEADS_TABLE_NOTE,
    HEADERS_TWO_ROWS,
    HEADERS_SPACED_CATEGORY,
    HEADERS_EMPTY_CATEGORY_PEOPLE,
    UNNUMBERED_LABELLED,
    SUB_POINTS,
    SMALLER,
    SMALLER_TABLE,
]
