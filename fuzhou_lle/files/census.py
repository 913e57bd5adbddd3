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
from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.utils.exceptions import CellCoordinatesException

CHUNK = 64 * 1024


class _Refused(Exception):
    """Stops the parse at the first excess; the opener's ValidationError is made from it."""

    def __init__(self, message, code: str, **params):
        self.message, self.code, self.params = message, code, params


@dataclass
class Census:
    """The counts so far, checked against the policy's limits as they grow."""

    policy: object  # fuzhou_lle.files.uploads.Policy (not imported: it imports this module)
    elements: int = 0
    cells: int = 0
    merged: int = 0
    strings: int = 0
    styles: int = 0
    paragraphs: int = 0

    def refuse(self, message, **params):
        raise _Refused(message, "too_complex", **params)

    def count_element(self) -> None:
        self.elements += 1
        if self.elements > self.policy.max_xml_elements:
            self.refuse(
                _("文件“%(name)s”的内容结构过于庞大（超过 %(limit)s 个元素），可能是异常文件，已拒绝。"),
                limit=f"{self.policy.max_xml_elements:,}",
            )

    def extent(self, last_row: int, last_column: int, what) -> None:
        """A sheet's declared range, a merged range or a cell reaching `last_row` and `last_column`."""
        if last_row > self.policy.max_sheet_rows or last_column > self.policy.max_sheet_columns:
            self.refuse(
                _(
                    "文件“%(name)s”的工作表%(what)s超出 %(rows)s 行或 %(columns)s 列，"
                    "可能含有大量空行空列或是异常文件，已拒绝。请删除多余的行列后另存再上传。"
                ),
                what=what,
                rows=f"{self.policy.max_sheet_rows:,}",
                columns=self.policy.max_sheet_columns,
            )

    def count(self, attribute: str, limit: int, message) -> None:
        value = getattr(self, attribute) + 1
        setattr(self, attribute, value)
        if value > limit:
            self.refuse(message, limit=f"{limit:,}")


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]


def _refuse_dtd(*args):
    raise _Refused(
        _("文件“%(name)s”含有不允许的 XML 声明（DTD 或实体），可能是恶意文件，已拒绝。"), "xml_entities"
    )


def _workbook_element(census: Census, name: str, attributes: dict) -> None:
    policy = census.policy
    if name == "c":
        census.count(
            "cells",
            policy.max_cells,
            _("文件“%(name)s”的单元格过多（超过 %(limit)s 个），已拒绝。请拆分后再上传。"),
        )
        reference = attributes.get("r")
        if reference:
            try:
                column, row = coordinate_from_string(reference)
            except (CellCoordinatesException, ValueError):
                return
            census.extent(row, _column_index(column), _("中的单元格"))
    elif name == "row":
        number = attributes.get("r", "")
        if number.isdigit():
            census.extent(int(number), 1, _("中的行"))
    elif name == "dimension":
        _range(census, attributes.get("ref", ""), _("声明的范围"))
    elif name == "mergeCell":
        rows, columns = _range(census, attributes.get("ref", ""), _("中的合并单元格"))
        census.merged += rows * columns
        if census.merged > policy.max_merged_cells:
            census.refuse(
                _("文件“%(name)s”的合并单元格过多（共覆盖超过 %(limit)s 个单元格），已拒绝。"),
                limit=f"{policy.max_merged_cells:,}",
            )
    elif name == "si":
        census.count(
            "strings", policy.max_cells, _("文件“%(name)s”的文字条目过多（超过 %(limit)s 个），已拒绝。")
        )
    elif name == "xf":
        census.count(
            "styles", policy.max_styles, _("文件“%(name)s”的单元格格式过多（超过 %(limit)s 种），已拒绝。")
        )


def _document_element(census: Census, name: str, attributes: dict) -> None:
    if name in ("p", "tc"):
        census.count(
            "paragraphs",
            census.policy.max_paragraphs,
            _("文件“%(name)s”的段落和表格单元格过多（超过 %(limit)s 个），已拒绝。请拆分后再上传。"),
        )


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def _range(census: Census, reference: str, what) -> tuple[int, int]:
    """The rows and columns a range ("A1:K120", "B2") covers, refused past the policy's sheet size."""
    try:
        min_column, min_row, max_column, max_row = range_boundaries(reference.replace("$", ""))
    except (CellCoordinatesException, ValueError, TypeError):
        return 0, 0
    if None in (min_column, min_row, max_column, max_row):  # whole rows or columns ("A:C", "1:3")
        census.extent(census.policy.max_sheet_rows + 1, census.policy.max_sheet_columns + 1, what)
        return 0, 0
    census.extent(max_row, max_column, what)
    return max_row - min_row + 1, max_column - min_column + 1


def take_census(upload, policy, deadline, *, document: bool) -> None:
    """Stream every XML part of the Office archive `upload` and raise a ValidationError in Chinese as soon as
    it holds more than `policy` allows (or a DTD). `document`: a Word file rather than a workbook. A damaged
    archive or malformed XML raises what zipfile or expat raise, for the opener to word."""
    census = Census(policy=policy)
    on_element = _document_element if document else _workbook_element

    def start(tag, attributes):
        census.count_element()
        on_element(census, _local(tag), attributes)

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            for entry in archive.infolist():
                if not entry.filename.endswith((".xml", ".rels")):
                    continue
                parser = expat.ParserCreate()
                parser.StartElementHandler = start
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
