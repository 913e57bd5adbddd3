"""Synthetic notices in the forms real ones take, for the parser's tests."""

from io import BytesIO

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


# Numbered headings (一、 （一）), 责任单位 + 配合单位, a bracket on its own line, an item without bracket,
# a document number, the signature at the end and half-width colons.
NUMBERED = """福州市终身教育促进委员会文件
榕终教委〔2016〕3号
关于印发2016年福州市终身教育工作要点的通知
各成员单位：
现将《2016年福州市终身教育工作要点》印发给你们，请认真贯彻落实。

2016年福州市终身教育工作要点

2016年，全市终身教育工作要以建设学习型城市为目标。

一、健全工作机制
（一）完善联席会议制度。每半年召开一次成员单位联席会议。（责任单位：市教育局；配合单位：市民政局、市文广新局）
（二）建立督查通报制度。每季度通报工作要点落实情况。
（责任单位:市终身教育促进委员会办公室）
二、丰富学习资源
1.建设社区教育课程库。新增课程100门。(牵头单位：市社区大学、市图书馆等，市终身教育促进委员会其他成员单位配合)
2.开展全民终身学习活动周。组织各类学习活动。
3.推进老年教育。扩大老年大学办学规模。（市委老干部局牵头，市教育局、市民政局配合）

福州市终身教育促进委员会
二〇一六年三月二日
"""

# No numbering, no wrapper: the plan itself, units separated by ，.
UNNUMBERED = """2017年福州市终身教育工作要点

推进学习型城市建设
开展学习型家庭评选。在全市评选100户学习型家庭。（牵头单位：市妇联，市教育局，市终身教育促进委员会其他成员单位配合）
扩大开放学习资源。推进公共文化设施免费开放。（牵头单位：市终身教育促进委员会各成员单位）
"""


def docx_bytes(text: str) -> bytes:
    """A .docx with one paragraph per line of `text`, as a notice saved from Word is."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


# Every bracket wording a committee office receives, numbered 一、 and 1., with collective phrases.
BRACKETS = """关于印发2025年福州市终身教育工作要点的通知
各县（市）区终身教育促进委员会，市终身教育促进委员会各成员单位：
现将《2025年福州市终身教育工作要点》印发给你们，请认真贯彻落实。

2025年福州市终身教育工作要点

一、完善体制机制
1.健全联席会议制度。每季度召开一次联席会议。（牵头部门：市教育局；配合部门：市民政局、市财政局）
2.推进学分银行建设。建立学习成果认证制度。（责任单位：市教育局）
3.发展老年教育。扩大老年大学办学规模。（主责单位：市委老干部局，协办单位：市民政局、市卫健委）
4.建设学习型机关。开展机关读书活动。（责任科室：职成教科）
5.新建社区学校。新建社区学校20所。（市教育局牵头，市民政局、市财政局配合）
6.开放学习资源。推进公共设施免费开放。（市教育局、市民政局牵头，各有关单位按职责分工负责）
7.举办全民终身学习活动周。组织形式多样的学习活动。由市教育局牵头，市民政局配合。
二、夯实基层基础
8.指导社区教育。指导各地开展社区教育。(牵头单位:市教育局,各区、县级市)
9.建设乡镇成人学校。每个乡镇建成一所成人学校。(牵头单位：市教育局；配合单位：各县（市）区人民政府、各乡镇（街道）)
10.完善经费保障。落实社区教育经费。(牵头单位：市财政局；配合单位：市直有关部门、市终身教育促进委员会其他成员单位)
11.加强项目管理。规范实验项目过程管理。（责任单位：各项目牵头单位）
12.扩大职工培训。开展职工素质提升行动。（牵头单位：市总工会、市人社局等，配合单位：发改委 市科技局）

福州市终身教育促进委员会
2025年2月20日
"""

# Items followed by labelled lines, one label a line, full- and half-width colons, with and without 。.
LABELLED = """2026年福州市社区教育工作要点

（一）推进学习型城市建设
1. 开展学习型家庭评选。在全市评选100户学习型家庭。
牵头单位：市妇联
配合单位：市教育局、市文明办。
完成时限：2026年6月底
2. 建设社区教育示范街道
牵头责任单位：市教育局
责任单位：市民政局，各县（市）区
牵头负责领导：张三、李四
时间节点：年底前
（二）办好老年教育
3. 推进老年大学建设。新增教学点30个。
主要责任单位:市委老干部局
协同配合单位:市财政局；市人社局
分管领导:王五
完成时间:6月30日前
4. 持续开展送教下乡。组织教师送教到村。
责任单位：市农业农村局
参与单位：各乡镇（街道）
责任领导：赵六
完成时限：长期坚持
"""

TABLE_HEADER = ["序号", "重点工作任务", "牵头单位", "配合单位", "责任领导", "完成时限", "备注"]
# (kind, cells): "heading" rows span the table; "row" rows are items; "note" a one-cell row staff must see.
TABLE_ROWS = [
    ("heading", "一、完善体制机制"),
    (
        "row",
        [
            "1",
            "健全联席会议制度。每季度召开一次。",
            "市教育局",
            "市民政局、市财政局",
            "张三",
            "2027年3月底",
            "",
        ],
    ),
    ("row", ["2", "推进学分银行建设", "市教育局、市人社局", "各有关单位", "李四", "年底前", "新增"]),
    ("heading", "二、夯实基层基础"),
    ("row", ["3", "建设乡镇成人学校", "市教育局", "各县（市、区）人民政府", "", "长期坚持", ""]),
    (
        "row",
        [
            "4",
            "开展职工素质提升行动",
            "市总工会",
            "市终身教育促进委员会其他成员单位",
            "王五",
            "6月30日前",
            "",
        ],
    ),
    ("note", "注：各单位每季度末报送进展情况。"),
]
# The second page of the table repeats the header and goes on.
TABLE_ROWS_CONTINUED = [
    ("row", ["5", "推进老年教育", "市委老干部局", "市民政局；市卫健委", "", "上半年", ""]),
    ("row", ["6", "开放学习资源", "市终身教育促进委员会各成员单位", "", "", "2027年12月31日", ""]),
]


def table_docx_bytes(*, title="2027年福州市终身教育工作任务分解表", traditional=False) -> bytes:
    """A breakdown table in Word: heading rows merged across, a note row, the table continued as a second
    table that repeats its header, the items' lead cell merged down over two rows in the second table."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph("为抓好工作落实，现将任务分解如下。")

    def table(rows):
        grid = document.add_table(rows=0, cols=len(TABLE_HEADER))
        grid.add_row()
        for cell, text in zip(grid.rows[-1].cells, TABLE_HEADER, strict=True):
            cell.text = text
        for kind, cells in rows:
            row = grid.add_row().cells
            if kind == "row":
                for cell, text in zip(row, cells, strict=True):
                    cell.text = text
            else:  # headings and notes: one cell merged across the table
                merged = row[0].merge(row[-1])
                merged.text = cells
        return grid

    table(TABLE_ROWS)
    second = table(TABLE_ROWS_CONTINUED)
    # The lead cell of the last item merged down into a row that only adds a supporting unit.
    extra = second.add_row().cells
    extra[3].text = "市文广旅局"
    second.rows[-2].cells[2].merge(extra[2])
    output = BytesIO()
    document.save(output)
    data = output.getvalue()
    return traditional_docx(data) if traditional else data


def traditional_docx(data: bytes) -> bytes:
    """The same Word file written in traditional characters."""
    import docx
    import opencc

    convert = opencc.OpenCC("s2t").convert
    document = docx.Document(BytesIO(data))
    for paragraph in document.paragraphs:
        paragraph.text = convert(paragraph.text)
    for grid in document.tables:
        seen = set()
        for row in grid.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cell.text = convert(cell.text)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def table_xlsx_bytes() -> bytes:
    """The same table as an Excel sheet with its columns in another order, a title row merged across, an
    extra 名称 column, heading rows merged across, and the header repeated mid-sheet."""
    from openpyxl import Workbook

    order = ["工作任务", "名称", "序号", "完成时限", "主要责任单位", "协同配合单位", "分管领导"]
    source = dict(zip(TABLE_HEADER, range(len(TABLE_HEADER)), strict=True))
    source.update({"工作任务": 1, "主要责任单位": 2, "协同配合单位": 3, "分管领导": 4})
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    sheet.append(["2027年福州市终身教育工作任务分解表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(order))
    sheet.append(order)
    for kind, cells in [*TABLE_ROWS, ("header", None), *TABLE_ROWS_CONTINUED]:
        if kind == "header":
            sheet.append(order)
        elif kind == "row":
            sheet.append(["" if name == "名称" else cells[source[name]] for name in order])
            if cells[0] == "1":
                sheet.cell(sheet.max_row, order.index("序号") + 1).value = 1  # a number, as Excel keeps it
        else:
            sheet.append([cells])
            if kind == "heading":
                sheet.merge_cells(
                    start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(order)
                )
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
