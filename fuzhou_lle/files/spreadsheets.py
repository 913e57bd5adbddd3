"""The one way the portal writes a spreadsheet for people to download.

Text that a spreadsheet program would read as a formula (starting with = + - @, or a tab or carriage return
before one) is written as plain text: a nomination named =HYPERLINK(…) must not become a live link in the
office's ranking export."""

from copy import copy
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, NamedStyle
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_value(value):
    """A value as it may go into a cell: numbers, dates and empty cells as they are, text never a formula."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if hasattr(value, "isoformat"):  # date, datetime
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        # A leading apostrophe is how spreadsheet programs themselves mark "this is text".
        return "'" + text
    return text


def safe_row(values) -> list:
    return [safe_value(value) for value in values]


def safe_cells(sheet, values, style: str) -> list:
    """A row for a write-only sheet: each value through safe_value, in a cell carrying a named style. The
    style is registered once on the workbook, so ten thousand cells share it instead of each carrying
    its own font and alignment objects. The name is looked up for the row's first cell; the others copy
    its style reference (openpyxl's own way of copying a style), which costs a tenth as much."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_value(value))
        if cells:
            cell._style = copy(cells[0]._style)
        else:
            cell.style = style
        cells.append(cell)
    return cells


def workbook_response(workbook: Workbook, filename: str) -> HttpResponse:
    """Send a workbook as a download under a Chinese file name."""
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def table_workbook(title: str, headers: list, rows, *, width: int = 18, progress=None) -> Workbook:
    """One sheet with a bold header row, written row by row (write-only). `rows` may be a generator;
    `progress(n)`, when given, is told how many rows are written as it goes (an export job's bar)."""
    workbook = Workbook(write_only=True)
    workbook.add_named_style(NamedStyle("table_header", font=Font(bold=True)))
    sheet = workbook.create_sheet(title[:31])
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.append(safe_cells(sheet, headers, "table_header"))
    for count, row in enumerate(rows, start=1):
        sheet.append(safe_row(row))
        if progress:
            progress(count)
    return workbook


def xlsx_response(filename: str, title: str, headers: list, rows, *, width: int = 18) -> HttpResponse:
    """One sheet with a bold header row, sent as a download."""
    return workbook_response(table_workbook(title, headers, rows, width=width), filename)
