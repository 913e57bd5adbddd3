"""Reading a notice's file into blocks: its paragraphs (str) and tables (Table) in document order, in
simplified characters. Plain text in UTF-8, GB18030 or UTF-16; Word .docx (paragraphs and tables); Excel
.xlsx (every sheet); old .doc and .xls converted by LibreOffice where the server has it. Word and Excel files
are opened only through the upload policy's openers (zip limits, no DTD or entities)."""

import contextlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from fuzhou_lle.files.uploads import NOTICE, Policy

from ..text import NoticeError, simplified
from .blocks import MAX_COLUMNS, MAX_PARAGRAPHS, Block, Budget, Table, too_long
from .word import docx_blocks
from .workbook import xlsx_blocks

__all__ = ["LEGACY_EXTENSIONS", "MAX_COLUMNS", "Block", "Table", "forms_hint", "read_blocks"]

READ_EXTENSIONS = (".txt", ".docx", ".xlsx")
# Old binary Office files: converted with LibreOffice where it is installed.
LEGACY_EXTENSIONS = {".doc": "docx", ".xls": "xlsx"}
CONVERT_SECONDS = 60


def forms_hint() -> str:
    return _(
        "可以导入的格式：文本文件（.txt，UTF-8、GB18030 或 UTF-16 编码）、Word（.docx）和 Excel（.xlsx）；"
        "安装了 LibreOffice 的服务器还可导入旧版 .doc 和 .xls。扫描件（PDF、图片）无法识别文字，"
        "请向发文单位索取 Word 或 Excel 原件。"
    )


def read_blocks(data: bytes, filename: str, *, policy: Policy = NOTICE) -> list[Block]:
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
    budget = Budget(policy.max_parse_seconds, filename)
    # A converted .doc is opened as the .docx it now is: the upload policy checks name against content.
    opened = Path(filename).with_suffix(suffix).name
    blocks: list[Block]
    if suffix == ".docx":
        blocks = docx_blocks(data, opened, budget, policy)
    elif suffix == ".xlsx":
        blocks = xlsx_blocks(data, opened, budget, policy)
    else:
        blocks = [line for line in _decode(data, filename).splitlines() if line.strip()]
        if len(blocks) > MAX_PARAGRAPHS:
            raise too_long(filename)
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
