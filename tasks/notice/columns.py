"""Task-breakdown tables (任务分解表): the header row found by what its column names mean, in any
wording and shape (工作任务, 重点工作事项, 工 作 任 务, 牵头\n单位, 责任单位 over 牵头 | 配合), what each
column holds, and each row's labelled parts read from its columns. Columns that hold no units (a leader's
name, progress to date, a hotline, remarks) are known and left out; a column it cannot place is reported,
never guessed."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .grammar import LABEL_RE, Part, labelled
from .reading import Block, Table
from .units import POSITION_NOTE_RE

Columns = dict[str, list[int]]


# What a column holds, by the words of its name, tried in this order (a leader's column names 牵头 too; a
# 完成时限 column names 完成; a task column may name 工作 and 内容). Kinds without units: number, category,
# detail (more of the task's text), leader (people), deadline, contact, progress, remark.
UNIT_WORDS = r"(?:单位|部门|科室|处室|机构)"
KIND_PATTERNS = [
    (
        "contact",
        re.compile(
            rf"电话|热线|手机|联系方式|邮箱|传真|微信|(?:联系人|经办人|填报人|联络员)(?!.*{UNIT_WORDS})"
        ),
    ),
    ("leader", re.compile(rf"^(?!.*{UNIT_WORDS}).*(?:领导|责任人|负责人|姓名|分管)")),
    ("number", re.compile(r"^(?:序号|编号|序|No\.?|NO\.?|#)$")),
    ("progress", re.compile(r"进展|完成情况|推进情况|落实情况|进度情况|成效|评价|得分|考核|督查|督办情况")),
    ("remark", re.compile(r"^(?:备注|说明|附注|其他)$")),
    ("deadline", re.compile(r"时间|时限|期限|节点|日期|进度安排|时序|截止")),
    ("lead", re.compile(r"牵头|主责|主办|主要责任|主体责任|^牵$")),
    ("support", re.compile(rf"(?:配合|协同|协助|参与|协办|相关){UNIT_WORDS}?$|^(?:配合|协同|协办|参与)")),
    ("either", re.compile(rf"(?:责任|负责|承办|实施|落实|承担){UNIT_WORDS}|^{UNIT_WORDS}$")),
    ("category", re.compile(r"类别|类型|分类|领域|板块|方面|专项|大项|项目类|序列")),
    ("task", re.compile(r"任务|事项|内容|工作|项目|目标|重点|名称")),
    ("detail", re.compile(r"措施|举措|要求|路径|步骤|做法|具体|标准")),
]
UNIT_KINDS = ("lead", "support", "either")
PLACE_RE = re.compile(r"[省市县区乡镇]|街道")
IGNORED_KINDS = ("contact", "progress", "remark")
MAX_HEADER_CELL = 16
HEADER_SEARCH_ROWS = 15


def _compact(name: str) -> str:
    """A header cell as one word: spaces and line breaks gone (工 作 任 务, 牵头\\n单位), a position note and
    other remarks in brackets set aside (责任单位（排在首位的为牵头单位）)."""
    name = re.sub(r"\s", "", name)
    return re.sub(r"[（(][^）)]*[)）]", _bracketed, name)


def _bracketed(found: re.Match[str]) -> str:
    """A bracket in a header: its words when short (牵头单位（部门）), nothing when a note."""
    inside = found.group(0)[1:-1]
    return "" if POSITION_NOTE_RE.search(found.group(0)) or len(inside) > 4 else inside


def column_kind(name: str) -> str | None:
    """What a column holds, from its name; None for a name that means nothing the reader knows."""
    name = _compact(name)
    if not name or len(name) > MAX_HEADER_CELL or PLACE_RE.search(name):
        return None  # a header names what a column holds, never a place (市直相关单位 is content)
    return next((kind for kind, pattern in KIND_PATTERNS if pattern.search(name)), None)


@dataclass
class Header:
    """The columns a header row names, and what the reader found beside them."""

    columns: Columns
    names: list[str]  # the header's cells, compacted: the same row repeated on a new page is no item
    unknown: list[str] = field(default_factory=list)  # names of columns it cannot place
    ignored: list[str] = field(default_factory=list)  # names of columns known to hold no units
    first_leads: bool = False  # a header note says the first unit listed leads


def header_row(row: list[str], above: list[str] | None = None) -> Header | None:
    """The header when the row names a task column and a unit column, else None. `above` is the header
    row over it when the header spans two rows (责任单位 over 牵头 | 配合): each column is read with both."""
    if above is not None and not all(
        not _compact(cell) or column_kind(cell) or (index < len(above) and cell == above[index])
        for index, cell in enumerate(row)
    ):
        return None  # under a header, a row of content (a section heading merged across) is no header
    columns: Columns = {}
    unknown: list[str] = []
    ignored: list[str] = []
    previous = None
    for index, cell in enumerate(row):
        name = cell
        if above is not None and index < len(above) and _compact(above[index]) != _compact(cell):
            name = f"{above[index]}{cell}"
        kind = column_kind(name)
        if cell == previous and (above is None or index == 0 or above[index] == above[index - 1]):
            continue  # a header cell merged over two columns counts once
        previous = cell
        if kind is None:
            if _compact(name):
                unknown.append(_compact(name))
            continue
        if kind == "task" and "task" in columns:
            kind = "detail"
        if kind in IGNORED_KINDS:
            ignored.append(_compact(name))
        columns.setdefault(kind, []).append(index)
    if "task" not in columns or not any(kind in columns for kind in UNIT_KINDS):
        return None
    if sum(1 for cell in row if len(_compact(cell)) > MAX_HEADER_CELL) > 0:
        return None  # a row of content that happens to mention 任务 and 单位
    return Header(
        columns=columns,
        names=[_compact(cell) for cell in row],
        unknown=unknown,
        ignored=ignored,
        first_leads=any(POSITION_NOTE_RE.search(cell) for cell in [*row, *(above or [])]),
    )


@dataclass
class TaskTable:
    """A task-breakdown table's rows below its header."""

    rows: list[list[str]]
    spanning: list[bool]
    header: Header


def split_tables(blocks: list[Block]) -> list[str | TaskTable]:
    """Each task table split into the lines above its header (a title, a preamble) and its rows below;
    a header on two rows (责任单位 over 牵头单位 | 配合单位) is read as one. A table without a header of its
    own continues the task table before it when it is as wide (the next page of it); any other table is a
    layout, read cell by cell as lines."""
    result: list[str | TaskTable] = []
    previous: Header | None = None
    width = 0
    for block in blocks:
        if isinstance(block, str):
            result.append(block)
            continue
        start = next(
            (index for index, row in enumerate(block.rows[:HEADER_SEARCH_ROWS]) if header_row(row)), None
        )
        if start is None:
            if previous is not None and block.rows and len(block.rows[0]) == width:
                result.append(TaskTable(rows=block.rows, spanning=block.spanning, header=previous))
            else:
                result.extend(_lines(block))
            continue
        header = header_row(block.rows[start])
        assert header is not None
        end = start
        while end + 1 < len(block.rows) and (lower := header_row(block.rows[end + 1], above=block.rows[end])):
            header, end = lower, end + 1
        for row in block.rows[:start]:
            if text := " ".join(dict.fromkeys(c.strip() for c in row if c.strip())):
                result.append(text)
        result.append(
            TaskTable(rows=block.rows[end + 1 :], spanning=block.spanning[end + 1 :], header=header)
        )
        previous, width = header, len(block.rows[end])
    return result


def _lines(table: Table) -> list[str]:
    """A layout table's text: each row's cells (a merged cell once), each cell's lines."""
    return [
        line
        for row in table.rows
        for cell in dict.fromkeys(cell.strip() for cell in row if cell.strip())
        for line in cell.splitlines()
    ]


def is_header_again(row: list[str], header: Header) -> bool:
    """The header row repeated where the table goes on to a new page (or its lower row)."""
    names = [_compact(cell) for cell in row]
    if names == header.names:
        return True
    return header_row(row) is not None and all(column_kind(cell) or not _compact(cell) for cell in row)


def row_parts(columns: Columns, get: Callable[[str], str]) -> list[Part]:
    """The row's labelled parts, from the cells of its unit, leader and deadline columns."""
    has_lead = bool(columns.get("lead"))
    parts: list[Part] = []
    for kind in ("lead", "either", "support", "leader", "deadline"):
        if value := get(kind):
            if kind == "either":
                kind = "support" if has_lead else "lead"
            if LABEL_RE.search(value):  # a cell that labels its own lists: 牵头：市教育局；配合：市民政局
                parts.extend((found or kind, text) for found, text in labelled(value))
            else:
                parts.append((kind, value))
    return parts
