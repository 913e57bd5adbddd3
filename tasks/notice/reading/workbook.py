"""An Excel .xlsx notice: every sheet as a table, merged cells spread over the positions they cover.

The file passes the upload policy's opener first (size, zip limits, no DTD or entities, and whatever else
it checks before loading). Its sheets are then streamed here part by part rather than through openpyxl's
worksheets: openpyxl's streaming reader still parses every cell of a row however wide (a dense sheet just
under the size limit held a worker for most of a minute), and its full mode builds a cell for every
position of a merged range (one range over a whole sheet is billions of cells). Here each row keeps its
first MAX_COLUMNS cells, rows with text beyond the policy's row limit are refused, and merged ranges are
spread only over the rows and columns actually read, never more than the grid in all."""

import io
import posixpath
import zipfile
from collections.abc import Iterator
from datetime import date
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.utils.exceptions import CellCoordinatesException

from fuzhou_lle.files.uploads import Policy, open_workbook

from ..text import NoticeError
from .blocks import MAX_COLUMNS, Block, Budget, Table

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A real task table merges a few dozen ranges; thousands is a hostile file.
MAX_MERGED_RANGES = 2000


def xlsx_blocks(data: bytes, filename: str, budget: Budget, policy: Policy) -> list[Block]:
    try:
        open_workbook(ContentFile(data, name=filename), policy, read_only=True).close()
    except ValidationError as error:
        raise NoticeError(" ".join(error.messages)) from error
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = _Book(archive)
            return [_sheet(book, name, path, budget, policy) for name, path in book.sheets]
    except NoticeError:
        raise
    except (
        ParseError,
        DefusedXmlException,
        zipfile.BadZipFile,
        CellCoordinatesException,
        KeyError,
        ValueError,
        IndexError,
        OverflowError,
    ) as error:
        # The opener could open it, yet a part is damaged (a row number that is no number, a shared string
        # that does not exist): the same refusal as a file the opener cannot open.
        raise NoticeError(
            _("无法打开文件“%(name)s”：文件已损坏或不是有效的 XLSX 文件，请用 Office 或 WPS 另存后再上传。")
            % {"name": filename}
        ) from error


def _elements(part: IO[bytes], records: tuple[str, ...] = ()) -> Iterator[Element]:
    """A part's elements as each closes, never a DTD or entity (the opener has refused those already).
    Elements named in `records` (rows, string items) are dropped from the tree once the caller has read
    them, so a part of millions of rows holds one row in memory at a time."""
    parents: list[Element] = []
    for event, element in iterparse(part, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            parents.append(element)
            continue
        parents.pop()
        yield element
        if element.tag in records and parents:
            parents[-1].remove(element)


class _Book:
    """What every sheet needs from the workbook: sheet names and parts, shared strings, which cell styles
    are dates, and the date system."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        targets = {}
        with archive.open("xl/_rels/workbook.xml.rels") as part:
            for element in _elements(part):
                if element.tag == f"{PACKAGE_RELATIONSHIPS}Relationship":
                    target = element.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                    targets[element.get("Id")] = posixpath.normpath(path)
        self.sheets: list[tuple[str, str]] = []
        self.epoch = CALENDAR_WINDOWS_1900
        with archive.open("xl/workbook.xml") as part:
            for element in _elements(part):
                if element.tag == f"{MAIN}sheet":
                    path = targets.get(element.get(f"{RELATIONSHIPS}id"), "")
                    if path.startswith("xl/worksheets/"):  # chart sheets hold no text
                        self.sheets.append((element.get("name", ""), path))
                elif element.tag == f"{MAIN}workbookPr" and element.get("date1904") in ("1", "true"):
                    self.epoch = CALENDAR_MAC_1904
        self.strings = self._strings()
        self.date_styles = self._date_styles()

    def _strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        strings = []
        with self.archive.open("xl/sharedStrings.xml") as part:
            for element in _elements(part, records=(f"{MAIN}si",)):
                if element.tag == f"{MAIN}si":
                    strings.append(_text(element))
        return strings

    def _date_styles(self) -> set[int]:
        """The indexes of cell styles whose number format shows a date."""
        if "xl/styles.xml" not in self.archive.namelist():
            return set()
        formats = dict(BUILTIN_FORMATS)
        styles: list[int] = []
        with self.archive.open("xl/styles.xml") as part:
            in_cell_styles = False
            for _event, element in iterparse(part, events=("start", "end"), forbid_dtd=True):
                if element.tag == f"{MAIN}cellXfs":
                    in_cell_styles = _event == "start"
                elif _event == "end" and element.tag == f"{MAIN}numFmt":
                    formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif _event == "start" and in_cell_styles and element.tag == f"{MAIN}xf":
                    styles.append(int(element.get("numFmtId", "0")))
        return {index for index, number in enumerate(styles) if is_date_format(formats.get(number, ""))}


def _text(element: Element) -> str:
    """A string item's text: its runs, not its phonetic guide (rPh)."""
    texts = []
    for child in element.iter():
        if child.tag == f"{MAIN}rPh":
            break
        if child.tag == f"{MAIN}t" and child.text:
            texts.append(child.text)
    return "".join(texts)


def _sheet(book: _Book, name: str, path: str, budget: Budget, policy: Policy) -> Table:
    cells: dict[int, list[str]] = {}
    merged: list[str] = []
    row_number = 0
    with book.archive.open(path) as part:
        for element in _elements(part, records=(f"{MAIN}row",)):
            if element.tag == f"{MAIN}row":
                budget.check()
                row_number = int(element.get("r") or row_number + 1)
                values = _row(book, element)
                if values:
                    if row_number > policy.max_rows:
                        raise NoticeError(
                            _("工作表“%(sheet)s”超过 %(max)d 行，请拆分后再上传。")
                            % {"sheet": name, "max": policy.max_rows}
                        )
                    cells[row_number] = values
            elif element.tag == f"{MAIN}mergeCell":
                if len(merged) >= MAX_MERGED_RANGES:
                    raise NoticeError(
                        _("工作表“%(sheet)s”的合并单元格超过 %(max)d 处，可能是异常文件，已拒绝。")
                        % {"sheet": name, "max": MAX_MERGED_RANGES}
                    )
                merged.append(element.get("ref", ""))
    height = max(cells, default=0)
    width = max((len(values) for values in cells.values()), default=0)
    grid = [(cells.get(number, []) + [""] * width)[:width] for number in range(1, height + 1)]
    return _spread(grid, merged, name)


def _row(book: _Book, row: Element) -> list[str]:
    """The text of the row's first MAX_COLUMNS cells, by position; [] for a row without text."""
    values: list[str] = []
    for cell in row:
        reference = cell.get("r")
        column = (
            column_index_from_string(coordinate_from_string(reference)[0]) if reference else len(values) + 1
        )
        if column > MAX_COLUMNS:
            break
        values.extend([""] * (column - 1 - len(values)))
        values.append(_value(book, cell))
    while values and not values[-1].strip():
        values.pop()
    return values


def _value(book: _Book, cell: Element) -> str:
    """A cell's value as text: strings as written, whole numbers without .0, dates as 2025年6月30日."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        found = cell.find(f"{MAIN}is")
        return _text(found) if found is not None else ""
    value = cell.findtext(f"{MAIN}v")
    if value is None:
        return ""
    if kind == "s":
        return book.strings[int(value)]
    if kind == "b":
        return "是" if value == "1" else "否"
    if kind != "n":  # str (a formula's text), e (an error), d (an ISO date)
        return value
    number = float(value)
    if int(cell.get("s", "0")) in book.date_styles:
        moment = from_excel(number, book.epoch)
        if isinstance(moment, date):
            return f"{moment.year}年{moment.month}月{moment.day}日"
    return str(int(number)) if number.is_integer() else value


def _spread(grid: list[list[str]], merged: list[str], sheet: str) -> Table:
    """Each merged range's top-left text repeated over the positions it covers within the grid read; a row
    whose first cell is merged across the whole used width is spanning (a section heading). A real sheet's
    ranges never overlap, so together they cover the grid at most once; a hostile file's overlapping ranges
    are refused as soon as they would cost more."""
    width = max((len(row) for row in grid), default=0)
    allowance = len(grid) * width
    spanning = [False] * len(grid)
    for ref in merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if min_row is None or min_col is None or min_row > len(grid) or min_col > width:
            continue
        top = grid[min_row - 1][min_col - 1]
        last_row, last_col = min(max_row or min_row, len(grid)), min(max_col or min_col, width)
        allowance -= (last_row - min_row + 1) * (last_col - min_col + 1)
        if allowance < 0:
            raise NoticeError(
                _("工作表“%(sheet)s”的合并单元格相互重叠，可能是异常文件，已拒绝。") % {"sheet": sheet}
            )
        for row in range(min_row - 1, last_row):
            if min_col == 1 and last_col >= width > 1:
                spanning[row] = True
            for column in range(min_col - 1, last_col):
                grid[row][column] = top
    return Table(rows=grid, spanning=spanning)
