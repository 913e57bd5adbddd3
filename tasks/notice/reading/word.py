"""A Word .docx notice: its paragraphs and tables in document order. The document is opened only through the
upload policy's opener; its tables are read from their XML grid (gridSpan, vMerge) rather than python-docx's
cell objects, so a table's cost is its own cells, capped at MAX_COLUMNS a row and the policy's rows."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from lxml.etree import _Element

from fuzhou_lle.files.uploads import Policy, open_docx

from ..text import NoticeError
from .blocks import MAX_COLUMNS, MAX_PARAGRAPHS, Block, Budget, Table, too_long


def docx_blocks(data: bytes, filename: str, budget: Budget, policy: Policy) -> list[Block]:
    try:
        document = open_docx(ContentFile(data, name=filename), policy)
    except ValidationError as error:
        raise NoticeError(" ".join(error.messages)) from error
    blocks: list[Block] = []
    for count, element in enumerate(document.element.body.iterchildren(), start=1):
        budget.check()
        if count > MAX_PARAGRAPHS:
            raise too_long(filename)
        if element.tag == qn("w:p"):
            blocks.extend(line for line in _text(element).splitlines() if line.strip())
        elif element.tag == qn("w:tbl"):
            blocks.append(_table(element, filename, budget, policy))
    return blocks


def _text(paragraph: _Element) -> str:
    """A paragraph's text as Word shows it (runs and hyperlinks, tabs and breaks)."""
    return paragraph.text if isinstance(paragraph, CT_P) else ""


def _cell_text(cell: _Element) -> str:
    return "\n".join(_text(p) for p in cell.iterchildren(qn("w:p")))


def _int(element: _Element | None, default: int) -> int:
    value = element.get(qn("w:val")) if element is not None else None
    return int(value) if value and value.isdigit() else default


def _table(table: _Element, filename: str, budget: Budget, policy: Policy) -> Table:
    """The table's rows, a cell merged across (gridSpan) or down (vMerge) repeated in every grid position it
    covers; a row is spanning when one cell covers the whole width."""
    rows: list[list[str]] = []
    origins: list[list[int]] = []  # for each position, which cell of the table it shows
    count = 0
    for row in table.iterchildren(qn("w:tr")):
        budget.check()
        if len(rows) >= policy.max_rows:
            raise NoticeError(
                _("文件“%(name)s”中的表格超过 %(max)d 行，请拆分后再上传。")
                % {"name": filename, "max": policy.max_rows}
            )
        texts: list[str] = []
        cells: list[int] = []
        before = _int(row.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
        texts.extend([""] * min(before, MAX_COLUMNS))
        cells.extend(range(count, count + len(texts)))
        count += len(texts)
        for cell in row.iterchildren(qn("w:tc")):
            if len(texts) >= MAX_COLUMNS:
                break
            properties = cell.find(qn("w:tcPr"))
            span = min(
                _int(properties.find(qn("w:gridSpan")) if properties is not None else None, 1), MAX_COLUMNS
            )
            merge = properties.find(qn("w:vMerge")) if properties is not None else None
            column = len(texts)
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue" and rows:
                above_text = rows[-1][column] if column < len(rows[-1]) else ""
                above_cell = origins[-1][column] if column < len(origins[-1]) else count
                text, origin = above_text, above_cell
            else:
                text, origin = _cell_text(cell), count
            count += 1
            width = min(span, MAX_COLUMNS - column)
            texts.extend([text] * width)
            cells.extend([origin] * width)
        rows.append(texts)
        origins.append(cells)
    width = max((len(row) for row in rows), default=0)
    spanning = [
        len(row) == width > 1 and len(set(cells)) == 1 for row, cells in zip(rows, origins, strict=True)
    ]
    return Table(rows=rows, spanning=spanning)
