"""Notice files built to make a reader build far more than they hold: merge bombs, far cells, wide rows,
floods of paragraphs and rows. Each is small on disk."""

import io
import zipfile

from tests.core.test_uploads import replace_part
from tests.tasks.notice.corpus import docx_paragraphs

HEADER = ["序号", "工作任务", "牵头单位"]


def _workbook(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _rewrite(data: bytes, part: str, change) -> bytes:
    """The archive with one part's XML changed (written as Excel or Word never would)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        xml = source.read(part)
    return replace_part(data, part, change(xml))


def sheet_with(tail: bytes = b"", rows=None, sheet_data=None) -> bytes:
    """A task sheet whose XML gains `tail` before its end (merged ranges) or `sheet_data` rows."""
    data = _workbook(rows or [HEADER, ["1", "开展培训", "市教育局"]])

    def change(xml: bytes) -> bytes:
        if sheet_data:
            xml = xml.replace(b"</sheetData>", sheet_data + b"</sheetData>")
        return xml.replace(b"</worksheet>", tail + b"</worksheet>")

    return _rewrite(data, "xl/worksheets/sheet1.xml", change)


def merge_bomb() -> bytes:
    """One merged range over the whole sheet: openpyxl's full mode makes a cell object for each of its
    17 billion positions."""
    return sheet_with(b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')


def overlapping_merges(count: int = 1500) -> bytes:
    return sheet_with(
        b'<mergeCells count="%d">' % count + b'<mergeCell ref="A1:C2"/>' * count + b"</mergeCells>"
    )


def many_merges(count: int) -> bytes:
    cells = b"".join(b'<mergeCell ref="D%d:E%d"/>' % (row, row) for row in range(1, count + 1))
    return sheet_with(b'<mergeCells count="%d">' % count + cells + b"</mergeCells>")


def far_cell() -> bytes:
    """Text in the sheet's last row: a reader that builds rows up to it builds a million."""
    return sheet_with(
        sheet_data=b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>\xe6\x9c\xab</t></is></c></row>'
    )


def wide_row(columns: int = 16000) -> bytes:
    cells = b"".join(b'<c r="%s3"><v>%d</v></c>' % (_column(n).encode(), n) for n in range(1, columns + 1))
    return sheet_with(sheet_data=b'<row r="3">' + cells + b"</row>")


def damaged_row() -> bytes:
    return sheet_with(sheet_data=b'<row r="abc"><c r="A9"><v>1</v></c></row>')


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def paragraphs(count: int) -> bytes:
    """A Word file of `count` paragraphs, made by copying one in its XML."""
    data = docx_paragraphs("2025年工作要点\n开展培训。（牵头单位：市教育局）")
    return _rewrite(
        data,
        "word/document.xml",
        lambda xml: xml.replace(
            b"<w:sectPr", b"<w:p><w:r><w:t>\xe6\x96\x87</w:t></w:r></w:p>" * count + b"<w:sectPr", 1
        ),
    )


def table_rows(count: int, span: int = 1) -> bytes:
    """A Word file with a table of `count` rows, each one cell spanning `span` grid columns."""
    data = docx_paragraphs("2025年工作要点")
    cell = b'<w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>' % span
    table = (
        b"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + (b"<w:tr>" + cell + b"</w:tr>") * count + b"</w:tbl>"
    )
    return _rewrite(data, "word/document.xml", lambda xml: xml.replace(b"<w:sectPr", table + b"<w:sectPr", 1))
