"""What an Office file holds, counted from its archive before anything loads it.

A parser builds in memory what the XML declares: openpyxl makes an object for every cell of a merged range
(one range over a whole sheet is seventeen billion), python-docx a tree node for every element (millions of
empty paragraphs fit in a few megabytes), and a read-only sheet pads every row out to its declared width. So
the openers (fuzhou_lle.files.uploads.open_workbook, open_docx) first stream each XML part of the archive
through expat, keeping only counts, and refuse the file as soon as one passes the policy's limit: a hostile
file is refused after reading only as far as its excess, a real one is read once more, quickly. The same pass
refuses a DTD anywhere (entity expansion, external entities), whatever the parser behind it would do.
"""

import zipfile
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import CellCoordinatesException

CHUNK = 64 * 1024


# The words of each refusal, made once: a census may count a million elements.
TOO_MANY_ELEMENTS = _("文件“%(name)s”的内容结构过于庞大（超过 %(limit)s 个元素），可能是异常文件，已拒绝。")
TOO_FAR = _(
    "文件“%(name)s”的工作表%(what)s超出 %(rows)s 行或 %(columns)s 列，"
    "可能含有大量空行空列或是异常文件，已拒绝。请删除多余的行列后另存再上传。"
)
TOO_MANY_CELLS = _("文件“%(name)s”的单元格过多（超过 %(limit)s 个），已拒绝。请拆分后再上传。")
TOO_MANY_MERGED = _("文件“%(name)s”的合并单元格过多（共覆盖超过 %(limit)s 个单元格），已拒绝。")
TOO_MANY_STRINGS = _("文件“%(name)s”的文字条目过多（超过 %(limit)s 个），已拒绝。")
TOO_MANY_STYLES = _("文件“%(name)s”的单元格格式过多（超过 %(limit)s 种），已拒绝。")
TOO_MANY_PARAGRAPHS = _("文件“%(name)s”的段落和表格单元格过多（超过 %(limit)s 个），已拒绝。请拆分后再上传。")
DTD = _("文件“%(name)s”含有不允许的 XML 声明（DTD 或实体），可能是恶意文件，已拒绝。")
CELL, ROW, DECLARED, MERGED = _("中的单元格"), _("中的行"), _("声明的范围"), _("中的合并单元格")
DIGITS = "0123456789"


class _Refused(Exception):
    """Stops the parse at the first excess; the opener's ValidationError is made from it."""

    def __init__(self, message, code: str = "too_complex", **params):
        self.message, self.code, self.params = message, code, params


class Census:
    """The counts so far, each checked against the policy's limit as it grows. Called for every element, so
    written for speed: plain attributes, the common elements first, nothing made per call."""

    def __init__(self, policy, document: bool):
        self.policy = policy
        self.document = document
        self.elements = self.cells = self.merged = self.strings = self.styles = self.paragraphs = 0

    def start(self, tag: str, attributes: dict) -> None:
        policy = self.policy
        self.elements += 1
        if self.elements > policy.max_xml_elements:
            raise _Refused(TOO_MANY_ELEMENTS, limit=f"{policy.max_xml_elements:,}")
        name = tag[tag.rfind(":") + 1 :]
        if self.document:
            if name == "p" or name == "tc":
                self.paragraphs += 1
                if self.paragraphs > policy.max_paragraphs:
                    raise _Refused(TOO_MANY_PARAGRAPHS, limit=f"{policy.max_paragraphs:,}")
        elif name == "c":
            self.cells += 1
            if self.cells > policy.max_cells:
                raise _Refused(TOO_MANY_CELLS, limit=f"{policy.max_cells:,}")
            reference = attributes.get("r")
            if reference:
                letters = reference.rstrip(DIGITS)
                row = reference[len(letters) :]
                self.extent(int(row) if row.isdigit() else 0, _column(letters), CELL)
        elif name == "row":
            number = attributes.get("r", "")
            self.extent(int(number) if number.isdigit() else 0, 0, ROW)
        elif name == "si":
            self.strings += 1
            if self.strings > policy.max_cells:
                raise _Refused(TOO_MANY_STRINGS, limit=f"{policy.max_cells:,}")
        elif name == "xf":
            self.styles += 1
            if self.styles > policy.max_styles:
                raise _Refused(TOO_MANY_STYLES, limit=f"{policy.max_styles:,}")
        elif name == "dimension":
            self.covered(attributes.get("ref", ""), DECLARED)
        elif name == "mergeCell":
            self.merged += self.covered(attributes.get("ref", ""), MERGED)
            if self.merged > policy.max_merged_cells:
                raise _Refused(TOO_MANY_MERGED, limit=f"{policy.max_merged_cells:,}")

    def extent(self, last_row: int, last_column: int, what) -> None:
        """Refuse a sheet reaching past the policy's size, by its declared range, a merged range, a row or a
        cell: a read-only sheet pads every row out to the widest and yields every row up to the last."""
        policy = self.policy
        if last_row > policy.max_sheet_rows or last_column > policy.max_sheet_columns:
            raise _Refused(
                TOO_FAR, what=what, rows=f"{policy.max_sheet_rows:,}", columns=policy.max_sheet_columns
            )

    def covered(self, reference: str, what) -> int:
        """The cells a range ("A1:K120", "B2", "A:C") covers, refused when it reaches past the limits."""
        try:
            min_column, min_row, max_column, max_row = range_boundaries(reference.replace("$", ""))
        except (CellCoordinatesException, ValueError, TypeError):
            return 0
        if None in (min_column, min_row, max_column, max_row):  # whole rows or columns
            self.extent(self.policy.max_sheet_rows + 1, self.policy.max_sheet_columns + 1, what)
        self.extent(max_row, max_column, what)
        return (max_row - min_row + 1) * (max_column - min_column + 1)


def _column(letters: str) -> int:
    """The column number of "A" … "XFD"; anything longer is past every limit."""
    if len(letters) > 3:
        return 1 << 20
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def _refuse_dtd(*args):
    raise _Refused(DTD, "xml_entities")


def take_census(upload, policy, deadline, *, document: bool) -> None:
    """Stream every XML part of the Office archive `upload` and raise a ValidationError in Chinese as soon as
    it holds more than `policy` allows (or a DTD). `document`: a Word file rather than a workbook. A damaged
    archive or malformed XML raises what zipfile or expat raise, for the opener to word."""
    census = Census(policy, document)

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            for entry in archive.infolist():
                if not entry.filename.endswith((".xml", ".rels")):
                    continue
                parser = expat.ParserCreate()
                parser.StartElementHandler = census.start
                parser.StartDoctypeDeclHandler = _refuse_dtd
                parser.EntityDeclHandler = _refuse_dtd
                with archive.open(entry) as part:
                    while chunk := part.read(CHUNK):
                        deadline.check()
                        parser.Parse(chunk, False)
                    parser.Parse(b"", True)
    except _Refused as refused:
        params = {"name": upload.name, **refused.params}
        raise ValidationError(refused.message, code=refused.code, params=params) from None
    finally:
        upload.seek(0)
