"""The one way the portal writes a spreadsheet for people to download.

Text that a spreadsheet program would read as a formula (starting with = + - @, or a tab or carriage return
before one) is written as plain text: a nomination named =HYPERLINK(…) must not become a live link in the
office's ranking export."""

from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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
    its own font and alignment objects."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_value(value))
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


def xlsx_response(filename: str, title: str, headers: list, rows: list, *, width: int = 18) -> HttpResponse:
    """One sheet with a bold header row, sent as a download."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(safe_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = width
    return workbook_response(workbook, filename)
