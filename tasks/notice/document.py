"""A whole notice: its frame, then its body block by block — lines and tables — into a preamble and entries,
which the outline turns into sections and items."""

import re
from dataclasses import replace
from pathlib import Path

from django.utils.translation import gettext as _

from fuzhou_lle.files.uploads import NOTICE, Policy

from .columns import Header, TaskTable, is_header_again, row_parts, split_tables
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
    normalise_labels,
    read_parts,
    strip_numbering,
    trailing_bracket,
)
from .outline import Entry, sections
from .reading import Block, Table, read_blocks
from .result import ParsedNotice, ParsedTask
from .text import SENTENCE_ENDS, NoticeError, clean, simplified
from .units import POSITION_NOTE_RE, Usage, usage_of

MAX_SPANNING_HEADING = 60
# One-cell table rows and body lines that are remarks, not headings or items.
NOTE_PREFIXES = ("注", "备注", "说明", "合计", "小计", "填报", "附：", "附注")
NOTE_LINE_RE = re.compile(r"^[（(]?(?:注|备注|说明|附注)\s*[：:]")


def parse_file(
    data: bytes, filename: str, *, year: int | None = None, policy: Policy = NOTICE
) -> ParsedNotice:
    """The notice in a file, read within the upload policy's limits (rows, seconds), the same for the web
    form, the command line and the worker."""
    blocks = read_blocks(data, filename, policy=policy)
    return parse_blocks(blocks, year=year, filename=filename)


def parse_text(text: str, *, year: int | None = None, filename: str = "") -> ParsedNotice:
    return parse_blocks(list(simplified(text).splitlines()), year=year, filename=filename)


def _texts(blocks: list[Block]) -> list[str]:
    return [b for b in blocks if isinstance(b, str)] + [
        cell for b in blocks if isinstance(b, Table) for row in b.rows for cell in row
    ]


def parse_blocks(blocks: list[Block], *, year: int | None = None, filename: str = "") -> ParsedNotice:
    # The rule that the first unit of a list leads holds for the whole notice, wherever its note stands.
    first_leads = any(POSITION_NOTE_RE.search(text) for text in _texts(blocks))
    body: list[str | TaskTable] = [
        normalise_labels(clean(b)) if isinstance(b, str) else b for b in split_tables(blocks)
    ]
    body = [b for b in body if not isinstance(b, str) or b]
    lines = [(index, b) for index, b in enumerate(body) if isinstance(b, str)]
    issuer, issued_on, frame = signature([line for _index, line in lines])
    frame_blocks = {lines[i][0] for i in frame}
    plan_title, title_line = title([line for _index, line in lines])
    body_start = lines[title_line - 1][0] + 1 if lines and title_line else 0
    if not plan_title:
        plan_title = Path(filename).stem
    number = document_number([line for index, line in lines if index < body_start])
    usage = usage_of(plan_title, first_leads)
    reader = _Reader(usage=usage)
    for index, block in enumerate(body):
        if isinstance(block, TaskTable):
            reader.task_table(block)
        elif index >= body_start and index not in frame_blocks:
            reader.line(block)
    found = sections(reader.entries, usage=usage)
    if not any(section.tasks for section in found):
        raise NoticeError(
            _(
                "在“%(name)s”中没有找到工作要点条目：条目应是带句号的段落（通常以“（牵头单位：…）”结尾或后接"
                "“牵头单位：…”一行），或是带“工作任务”“牵头单位”等列名的任务分解表。"
            )
            % {"name": filename or _("该文件")}
        )
    if year is None:
        found_year = re.match(r"^(\d{4})年", plan_title)
        year = int(found_year.group(1)) if found_year else (issued_on.year if issued_on else None)
    if year:
        for section in found:
            for task in section.tasks:
                task.due = parse_due(task.deadline, year)
    conventions = []
    if first_leads:
        conventions.append(
            _(
                "通知写明排在首位的单位为牵头单位：未注明牵头、配合的单位名单，第一个作为牵头单位，其余作为配合单位。"
            )
        )
    return ParsedNotice(
        title=plan_title,
        year=year,
        issuer=issuer,
        issued_on=issued_on,
        document_number=number,
        preamble="\n".join(reader.preamble),
        sections=found,
        unplaced=reader.unplaced,
        conventions=conventions,
        doubts=reader.doubts,
    )


# A task table's row above, for merged and continued rows: (its task cell, its task).
Previous = tuple[str, ParsedTask] | None


class _Reader:
    """Reads the notice's body block by block into its preamble and its entries (lines and table rows)."""

    def __init__(self, *, usage: Usage) -> None:
        self.usage = usage
        self.preamble: list[str] = []
        self.entries: list[Entry] = []
        self.unplaced: list[str] = []
        self.doubts: list[str] = []
        self.seen_structure = False
        self.open: Item | None = None  # the item whose labelled lines may still follow

    def _entry(self, item: Item) -> None:
        self.seen_structure = True
        self.entries.append(Entry(item=item))
        self.open = item

    def line(self, line: str) -> None:
        if POSITION_NOTE_RE.fullmatch(line) or (
            POSITION_NOTE_RE.search(line) and len(POSITION_NOTE_RE.sub("", line).strip("（）()：: ")) <= 2
        ):
            return  # the note that the first unit leads: read once for the whole notice
        label = LABEL_LINE_RE.match(line)
        if label and self.open is None and self.preamble and not self.entries:
            # An unnumbered paragraph followed by 责任单位：… was an item, not part of the preamble.
            self._entry(Item(self.preamble.pop()))
        if label:
            if self.open is not None:
                self.open.add(labelled(line), line)
            else:
                self.unplaced.append(line)
            return
        if NOTE_LINE_RE.match(line) and self.seen_structure:
            self.unplaced.append(line)  # 注：… after the items: staff should see it, it is no item
            return
        bracket = trailing_bracket(line)
        if bracket and not bracket[0] and self.open is not None and not self.open.found_units:
            self.open.head += f"（{bracket[1]}）"  # the bracket on a line of its own
            self.open.add(labelled(bracket[1]), after=True)
            return
        sentence = SENTENCE_UNITS_RE.match(line.rstrip("。"))
        if sentence and self.open is not None and not self.open.found_units:
            self.open.add([(None, sentence.group(1))], line)
            return
        if (
            (
                (bracket and bracket[0])
                or self.seen_structure
                or is_numbered(line)
                or INLINE_LABEL_RE.search(line)
            )
            or is_heading_like(line)
            and not line.endswith(tuple(SENTENCE_ENDS))
        ):
            self._entry(Item(line))
        else:
            self.preamble.append(line)

    def task_table(self, table: TaskTable) -> None:
        self.open = None
        self.seen_structure = True
        header = table.header
        for name in header.unknown:
            self.doubt(_("表格中“%(name)s”一列无法判断内容，未导入，请核对原文。") % {"name": name})
        previous: Previous = None
        category = ""
        for row, spanning in zip(table.rows, table.spanning, strict=True):
            cells = [clean(cell) for cell in row]
            kind = header.columns.get("category", [])
            current = next((cells[i] for i in kind if i < len(cells) and cells[i]), "")
            if current and current != category and not spanning:
                category = current
                self.entries.append(Entry(title=current))
                previous = None
            previous = self._table_row(cells, spanning, header, previous)

    def _usage(self, header: Header) -> Usage:
        """A position note in a table's header holds for the table."""
        return replace(self.usage, first_leads=True) if header.first_leads else self.usage

    def doubt(self, message: str) -> None:
        if message not in self.doubts:
            self.doubts.append(message)

    def _table_row(self, cells: list[str], spanning: bool, header: Header, previous: Previous) -> Previous:
        columns = header.columns
        values = list(dict.fromkeys(cell for cell in cells if cell))
        if not values or is_header_again(cells, header):  # blank, or the header repeated on a new page
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
            self.entries.append(Entry(title=values[0]))
            return None
        if not task_text or (previous and task_text == previous[0]):
            if previous and parts:  # the rest of the item above: continued, or its cell merged down
                read_parts(previous[1], parts, usage=self._usage(header))
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
            self.entries.append(Entry(title=task_text))
            return None
        item = Item(task_text, number=number.rstrip("、.．"))
        if detail := get("detail"):
            item.head = f"{item.head}\n{detail}"
        item.add(parts)
        task = item.task(usage=self._usage(header))
        self.entries.append(Entry(task=task))
        return task_text, task
