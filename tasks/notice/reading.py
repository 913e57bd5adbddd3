"""Reading a notice's file into blocks: its paragraphs (str) and tables (Table) in document order, in
simplified characters. Plain text in UTF-8, GB18030 or UTF-16; Word .docx (paragraphs and tables); Excel
.xlsx (every sheet); old .doc and .xls converted by LibreOffice where the server has it. Word and Excel files
are opened only through the upload policy's openers (zip limits, no DTD or entities)."""

import contextlib
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from fuzhou_lle.files.uploads import NOTICE, open_docx, open_workbook

from .text import NoticeError, simplified

READ_EXTENSIONS = (".txt", ".docx", ".xlsx")
# Old binary Office files: converted with LibreOffice where it is installed.
LEGACY_EXTENSIONS = {".doc": "docx", ".xls": "xlsx"}
CONVERT_SECONDS = 60
MAX_COLUMNS = 40


def forms_hint() -> str:
    return _(
        "可以导入的格式：文本文件（.txt，UTF-8、GB18030 或 UTF-16 编码）、Word（.docx）和 Excel（.xlsx）；"
        "安装了 LibreOffice 的服务器还可导入旧版 .doc 和 .xls。扫描件（PDF、图片）无法识别文字，"
        "请向发文单位索取 Word 或 Excel 原件。"
    )


@dataclass
class Table:
    """A table's rows as text cells (a merged cell repeated in every position it covers), and which rows are
    one cell spanning the whole table."""

    rows: list[list[str]]
    spanning: list[bool]
    columns: dict[str, list[int]] | None = None  # {kind: [column indexes]} once its header row is found


Block = str | Table


class _Budget:
    """Give up on a file that takes longer than `seconds` to read (checked between rows and paragraphs)."""

    def __init__(self, seconds: float, filename: str) -> None:
        self.deadline = time.monotonic() + seconds
        self.filename = filename

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise NoticeError(_("文件“%(name)s”过于复杂，未能在限定时间内读完。") % {"name": self.filename})


def read_blocks(
    data: bytes, filename: str, *, max_rows: int = 5000, max_seconds: float = 20.0
) -> list[Block]:
    """The notice's paragraphs (str) and tables (Table) in document order, in simplified characters."""
    suffix = Path(filename.lower()).suffix
    if not data.strip():
        raise NoticeError(_("文件“%(name)s”是空的。") % {"name": filename})
    if suffix in LEGACY_EXTENSIONS:
        data, suffix = (
            _convert_legacy(data, filename, LEGACY_EXTENSIONS[suffix]),
            f".{LEGACY_EXTENSIONS[suffix]}",
        )
    if suffix not in READ_EXTENSIONS:
        raise NoticeError(_("无法读取“%(name)s”。") % {"name": filename} + forms_hint())
    budget = _Budget(max_seconds, filename)
    # A converted .doc is opened as the .docx it now is: the upload policy checks name against content.
    opened = Path(filename).with_suffix(suffix).name
    blocks: list[Block]
    if suffix == ".docx":
        blocks = _docx_blocks(data, opened, budget)
    elif suffix == ".xlsx":
        blocks = _xlsx_blocks(data, opened, budget, max_rows)
    else:
        blocks = list(_decode(data, filename).splitlines())
    blocks = [_simplified(block) for block in blocks]
    text = "".join(b if isinstance(b, str) else "".join("".join(r) for r in b.rows) for b in blocks)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise NoticeError(_("文件“%(name)s”里没有中文内容，不像是工作要点通知。") % {"name": filename})
    return blocks


def _simplified(block: Block) -> Block:
    if isinstance(block, str):
        return simplified(block)
    return Table(rows=[[simplified(cell) for cell in row] for row in block.rows], spanning=block.spanning)


def _convert_legacy(data: bytes, filename: str, target: str) -> bytes:
    """A .doc or .xls converted to .docx or .xlsx by LibreOffice, when the server has it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise NoticeError(
            _(
                "本服务器未安装 LibreOffice，无法读取旧版 Office 文件“%(name)s”："
                "请用 Word 或 WPS 另存为 .%(target)s 后上传。"
            )
            % {"name": filename, "target": target}
            + forms_hint()
        )
    source_suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"notice{source_suffix}"
        source.write_bytes(data)
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to",
                    target,
                    "--outdir",
                    folder,
                    str(source),
                ],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                check=False,
            )
        converted = Path(folder) / f"notice.{target}"
        if not converted.exists():
            raise NoticeError(
                _("无法转换文件“%(name)s”：文件可能已损坏。请用 Word 或 WPS 另存为 .%(target)s 后上传。")
                % {"name": filename, "target": target}
            )
        return converted.read_bytes()


def _decode(data: bytes, filename: str) -> str:
    unreadable = NoticeError(
        _(
            "无法识别文件“%(name)s”的文字编码：请另存为 UTF-8 或 GB18030 编码的文本文件，"
            "或上传 Word（.docx）文件。"
        )
        % {"name": filename}
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" is UTF-16 with a byte-order mark
        candidates: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        raise unreadable
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 decodes almost any byte string; control characters show it was not really text.
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        if controls == 0:
            return text
    raise unreadable


def _docx_blocks(data: bytes, filename: str, budget: _Budget) -> list[Block]:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        # The one place a notice's .docx is opened, through the upload policy's safe opener.
        document = open_docx(ContentFile(data, name=filename), NOTICE)
    except ValidationError as error:
        raise NoticeError(" ".join(error.messages)) from error
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        budget.check()
        if element.tag.endswith("}p"):
            blocks.extend(Paragraph(element, document).text.splitlines() or [""])
        elif element.tag.endswith("}tbl"):
            rows, spanning = [], []
            for row in DocxTable(element, document).rows:
                budget.check()
                cells = row.cells  # a merged cell appears once for every grid column it covers
                rows.append([cell.text for cell in cells][:MAX_COLUMNS])
                spanning.append(len(cells) > 1 and len({id(cell._tc) for cell in cells}) == 1)
            blocks.append(Table(rows=rows, spanning=spanning))
    return blocks


def _xlsx_blocks(data: bytes, filename: str, budget: _Budget, max_rows: int) -> list[Block]:
    try:
        # Not read-only: merged cells (section headings spanning the table) are only known in full mode.
        workbook = open_workbook(ContentFile(data, name=filename), NOTICE, read_only=False)
    except ValidationError as error:
        raise NoticeError(" ".join(error.messages)) from error
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.max_row > max_rows:
            raise NoticeError(
                _("工作表“%(sheet)s”超过 %(max)d 行，请拆分后再上传。")
                % {"sheet": sheet.title, "max": max_rows}
            )
        width = min(sheet.max_column, MAX_COLUMNS)
        grid = []
        for values in sheet.iter_rows(max_col=width, values_only=True):
            budget.check()
            grid.append([_cell_text(value) for value in values])
        spanning = [False] * len(grid)
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
            for row in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for column in range(merged.min_col - 1, min(merged.max_col, width)):
                    grid[row][column] = top
                if merged.min_col == 1 and merged.max_col >= _used_width(grid) > 1:
                    spanning[row] = True
        blocks.append(Table(rows=grid, spanning=spanning))
    return blocks


def _used_width(grid: list[list[str]]) -> int:
    return max((i + 1 for row in grid for i, cell in enumerate(row) if cell), default=0)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
