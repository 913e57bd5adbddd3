"""A whole notice: its frame, then its body block by block — lines and tables — into a preamble, sections
and items."""

import re
from pathlib import Path

from django.utils.translation import gettext as _

from .columns import Columns, header_row, row_parts, split_tables
from .deadlines import parse_due
from .frame import document_number, signature, title
from .grammar import (
    CN_HEADING_RE,
    INLINE_LABEL_RE,
    LABEL_LINE_RE,
    SENTENCE_UNITS_RE,
    Item,
    is_heading_like,
    is_numbered,
    labelled,
    read_parts,
    strip_numbering,
    trailing_bracket,
)
from .reading import Block, Table, read_blocks
from .result import ParsedNotice, ParsedSection, ParsedTask
from .text import SENTENCE_ENDS, NoticeError, clean, simplified

MAX_SPANNING_HEADING = 60
# One-cell table rows that are remarks, not headings or items.
NOTE_PREFIXES = ("注", "备注", "说明", "合计", "小计", "填报", "附：", "附注")


def parse_file(
    data: bytes, filename: str, *, year: int | None = None, max_rows: int = 5000, max_seconds: float = 20.0
) -> ParsedNotice:
    blocks = read_blocks(data, filename, max_rows=max_rows, max_seconds=max_seconds)
    return parse_blocks(blocks, year=year, filename=filename)


def parse_text(text: str, *, year: int | None = None, filename: str = "") -> ParsedNotice:
    return parse_blocks(list(simplified(text).splitlines()), year=year, filename=filename)


def parse_blocks(blocks: list[Block], *, year: int | None = None, filename: str = "") -> ParsedNotice:
    blocks = [clean(b) if isinstance(b, str) else b for b in split_tables(blocks)]
    blocks = [b for b in blocks if not isinstance(b, str) or b]
    lines = [(index, b) for index, b in enumerate(blocks) if isinstance(b, str)]
    issuer, issued_on, frame = signature([line for _index, line in lines])
    frame_blocks = {lines[i][0] for i in frame}
    plan_title, title_line = title([line for _index, line in lines])
    body_start = lines[title_line - 1][0] + 1 if lines and title_line else 0
    if not plan_title:
        plan_title = Path(filename).stem
    number = document_number([line for index, line in lines if index < body_start])
    reader = _Reader()
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            reader.table(block)
        elif index >= body_start and index not in frame_blocks:
            reader.line(block)
    preamble, sections, unplaced = reader.finish()
    if not any(section.tasks for section in sections):
        raise NoticeError(
            _(
                "在“%(name)s”中没有找到工作要点条目：条目应是带句号的段落（通常以“（牵头单位：…）”结尾或后接"
                "“牵头单位：…”一行），或是带“工作任务”“牵头单位”等列名的任务分解表。"
            )
            % {"name": filename or _("该文件")}
        )
    if year is None:
        found = re.match(r"^(\d{4})年", plan_title)
        year = int(found.group(1)) if found else (issued_on.year if issued_on else None)
    if year:
        for section in sections:
            for task in section.tasks:
                task.due = parse_due(task.deadline, year)
    return ParsedNotice(
        title=plan_title,
        year=year,
        issuer=issuer,
        issued_on=issued_on,
        document_number=number,
        preamble=preamble,
        sections=sections,
        unplaced=unplaced,
    )


# A task table's row above, for merged and continued rows: (its task cell, its task).
Previous = tuple[str, ParsedTask] | None


class _Reader:
    """Reads the notice's body block by block into its preamble, sections and items."""

    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.sections: list[ParsedSection] = []
        self.unplaced: list[str] = []
        self.seen_structure = False
        self.item: Item | None = None  # the item whose labelled lines may still follow
        # The raw line of the last heading, while it has no item under it.
        self.heading_line: str | None = None
        # The last table's columns and width, for a table continued without its header.
        self.columns: tuple[Columns, int] | None = None

    def add(self, task: ParsedTask) -> None:
        if not self.sections:  # items before any heading
            self.sections.append(ParsedSection(title=""))
        self.sections[-1].tasks.append(task)

    def close_item(self) -> None:
        if self.item is not None:
            self.add(self.item.task())
            self.item = None

    def line(self, line: str) -> None:
        label = LABEL_LINE_RE.match(line)
        if label and self.item is None and self.heading_line is not None:
            # 1.推进社区教育 followed by 牵头单位：… is an item, not a heading.
            self.sections.pop()
            self.item = Item(self.heading_line)
        if label and self.item is not None:
            self.item.add(labelled(line), line)
            return
        bracket = trailing_bracket(line)
        if bracket and not bracket[0] and self.item is not None and not self.item.found_units:
            self.item.head += f"（{bracket[1]}）"  # the bracket on a line of its own
            self.item.add(labelled(bracket[1]))
            return
        sentence = SENTENCE_UNITS_RE.match(line.rstrip("。"))
        if sentence and self.item is not None and not self.item.found_units:
            self.item.add([(None, sentence.group(1))], line)
            return
        self.close_item()
        self.heading_line = None
        if bracket and bracket[0]:
            self.seen_structure = True
            self.item = Item(line)
        elif is_heading_like(strip_numbering(line)) and not line.endswith(tuple(SENTENCE_ENDS)):
            self.seen_structure = True
            self.sections.append(ParsedSection(title=strip_numbering(line)))
            self.heading_line = line
        elif not self.seen_structure and not is_numbered(line) and not INLINE_LABEL_RE.search(line):
            self.preamble.append(line)
        else:
            self.seen_structure = True
            self.item = Item(line)

    def table(self, table: Table) -> None:
        """A task table's rows (the header found by split_tables), or a layout table's cells as lines."""
        self.close_item()
        self.heading_line = None
        columns = table.columns
        if columns is None and self.columns and table.rows and len(table.rows[0]) == self.columns[1]:
            columns = self.columns[0]  # a table continued on the next page without its header
        if columns is None:
            for row in table.rows:
                for cell in dict.fromkeys(c.strip() for c in row if c.strip()):
                    for line in cell.splitlines():
                        if line := clean(line):
                            self.line(line)
            self.close_item()
            return
        if table.columns:
            self.columns = (table.columns, len(table.rows[0]) if table.rows else 0)
        self.seen_structure = True
        previous: Previous = None
        for row, spanning in zip(table.rows, table.spanning, strict=True):
            previous = self._table_row(row, spanning, columns, previous)

    def _table_row(self, row: list[str], spanning: bool, columns: Columns, previous: Previous) -> Previous:
        cells = [clean(cell) for cell in row]
        values = list(dict.fromkeys(cell for cell in cells if cell))
        if not values or header_row(row) is not None:  # blank, or the header repeated on a new page
            return previous

        def get(kind: str) -> str:
            return " ".join(
                dict.fromkeys(cells[i] for i in columns.get(kind, []) if i < len(cells) and cells[i])
            )

        task_text = get("task")
        parts = row_parts(columns, get)
        if len(values) == 1 and values[0].startswith(NOTE_PREFIXES):
            self.unplaced.append(values[0])  # 注：…, 合计: staff should see it, it is no item
            return previous
        if len(values) == 1 and (
            (spanning and len(values[0]) <= MAX_SPANNING_HEADING and "。" not in values[0].rstrip("。"))
            or (
                is_heading_like(strip_numbering(values[0]))
                and (task_text != values[0] or CN_HEADING_RE.match(task_text))
            )
        ):
            self.sections.append(ParsedSection(title=strip_numbering(values[0]).rstrip("。")))
            return None
        if not task_text or (previous and task_text == previous[0]):
            if previous and parts:  # the rest of the item above: continued, or its cell merged down
                read_parts(previous[1], parts)
                previous[1].needs_review = not previous[1].has_lead()
                return previous
            self.unplaced.append(" | ".join(values))
            return previous
        number = get("number")
        if (
            not parts
            and is_heading_like(strip_numbering(task_text))
            and (re.fullmatch(r"[一二三四五六七八九十]+[、.．]?", number) or CN_HEADING_RE.match(task_text))
        ):
            self.sections.append(ParsedSection(title=strip_numbering(task_text)))
            return None
        item = Item(task_text, number=number.rstrip("、.．"))
        if detail := get("detail"):
            item.head = f"{item.head}\n{detail}"
        item.add(parts)
        task = item.task()
        self.add(task)
        return task_text, task

    def finish(self) -> tuple[str, list[ParsedSection], list[str]]:
        self.close_item()
        # A heading with nothing under it is a higher level of numbering (一、 above （一）): drop it.
        return "\n".join(self.preamble), [s for s in self.sections if s.tasks], self.unplaced
