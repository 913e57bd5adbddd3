"""Task-breakdown tables (任务分解表): the header row found by its column names in any order, what each
column holds, and each row's labelled parts read from its columns."""

import re
from collections.abc import Callable

from .grammar import DEADLINE_LABELS, EITHER_LABELS, LEAD_LABELS, LEADER_LABELS, SUPPORT_LABELS, Part
from .reading import Block, Table

Columns = dict[str, list[int]]

# Column names of a task-breakdown table, by what the column holds.
COLUMN_NAMES = {
    "number": ("序号", "编号"),
    "task": ("重点工作任务", "工作任务", "目标与任务", "任务内容", "主要任务", "重点任务", "具体任务",
             "工作内容", "任务名称", "工作事项", "重点工作", "任务"),
    "detail": ("具体措施", "工作措施", "主要措施", "推进措施", "具体内容", "主要内容", "工作目标", "目标要求",
               "工作要求", "任务分解"),
    "lead": LEAD_LABELS,
    "support": SUPPORT_LABELS,
    "either": EITHER_LABELS,
    "leader": LEADER_LABELS,
    "deadline": (*DEADLINE_LABELS, "时限"),
}  # fmt: skip


def column_kind(name: str) -> str | None:
    name = re.sub(r"\s|[（(].*?[)）]", "", name)
    if not name or len(name) > 12:
        return None
    for kind, names in COLUMN_NAMES.items():
        if name in names:
            return kind
    candidates = sorted(
        ((n, k) for k, names in COLUMN_NAMES.items() for n in names), key=lambda c: -len(c[0])
    )
    return next((kind for candidate, kind in candidates if len(candidate) >= 3 and candidate in name), None)


def header_row(row: list[str]) -> Columns | None:
    """{kind: [column indexes]} when the row names a task column and a unit column, else None."""
    columns: Columns = {}
    previous = None
    for column, cell in enumerate(row):
        kind = column_kind(cell)
        if kind and cell != previous:  # a header cell merged over two columns counts once
            if kind == "task" and "task" in columns:
                kind = "detail"
            columns.setdefault(kind, []).append(column)
        previous = cell
    if "task" in columns and any(kind in columns for kind in ("lead", "support", "either")):
        return columns
    return None


def split_tables(blocks: list[Block]) -> list[Block]:
    """Each task table split into the lines above its header (a title, a preamble) and its rows below;
    a header on two rows (责任单位 over 牵头单位 | 配合单位) is read as its lower row."""
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, str):
            result.append(block)
            continue
        header = next(
            (index for index, row in enumerate(block.rows[:15]) if header_row(row) is not None), None
        )
        if header is None:
            result.append(block)
            continue
        while header + 1 < len(block.rows) and header_row(block.rows[header + 1]) is not None:
            header += 1
        for row in block.rows[:header]:
            if text := " ".join(dict.fromkeys(c.strip() for c in row if c.strip())):
                result.append(text)
        result.append(
            Table(
                rows=block.rows[header + 1 :],
                spanning=block.spanning[header + 1 :],
                columns=header_row(block.rows[header]),
            )
        )
    return result


def row_parts(columns: Columns, get: Callable[[str], str]) -> list[Part]:
    """The row's labelled parts, from the cells of its unit, leader and deadline columns."""
    has_lead = bool(columns.get("lead"))
    parts: list[Part] = []
    for kind in ("lead", "either", "support", "leader", "deadline"):
        if value := get(kind):
            if kind == "either":
                kind = "support" if has_lead else "lead"
            parts.append((kind, value))
    return parts
