"""The one upload policy: every file a person sends the portal (evidence, notices, timetables, textbook
proposals, photos) is checked here before anything reads or stores it.

What a file is comes from its content, never its name, and the name's extension must agree with it. Word and
Excel files are zip archives: their entry count and unpacked size are checked from the archive's directory
before any parser opens them, so a zip bomb is refused in milliseconds instead of filling the memory.
Parsers open Word and Excel files only through open_docx() and open_workbook(), which first count what the
archive's XML holds (cells, merged ranges, declared sheet size, paragraphs, elements: census.py) and refuse a
file past the policy's limits, or with a DTD (billion laughs, external entities), before a parser builds
anything. The limits are the policy's, so the web form, the command line and a worker reading the same kind
of file are held alike; every Word and Excel upload, even one only stored, is refused with a DTD."""

import logging
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fuzhou_lle.files.census import take_census

MB = 1024 * 1024
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    extension: str
    mime: str
    # Other extensions people give the same content (photo.jpeg is a JPEG).
    aliases: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


JPG = Kind("jpg", "image/jpeg", aliases=("jpeg",))
PNG = Kind("png", "image/png")
PDF = Kind("pdf", "application/pdf")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
TXT = Kind("txt", "text/plain")
KNOWN_KINDS = (JPG, PNG, PDF, DOCX, XLSX)

EVIDENCE_KINDS = (JPG, PNG, PDF, DOCX)
IMAGE_KINDS = (JPG, PNG)


@dataclass(frozen=True)
class Policy:
    """What one kind of upload may be. The limits are generous for real office files and far below what
    would hurt a worker: a real notice or timetable is well under a megabyte."""

    name: str
    kinds: tuple[Kind, ...]
    max_bytes: int
    # Zip-based formats (.docx, .xlsx): limits read from the archive's directory before parsing.
    max_unpacked_bytes: int = 50 * MB
    max_entries: int = 2000
    # Spreadsheets: data rows read at most; parsers stop and refuse beyond it.
    max_rows: int = 5000
    # Parsers give up after this many seconds of work (checked between rows or paragraphs).
    max_parse_seconds: float = 20.0
    # What the openers let a parser build, counted from the archive first (census.py): each limit is well
    # above a real file's (a 5000-row timetable has 65,000 cells and under 300,000 elements, a long notice
    # 2,000 paragraphs and 50,000 elements), keeps a parser's memory in the low hundreds of megabytes, and
    # lets the count itself refuse a file at the limit in about a second.
    max_sheet_rows: int = 20_000  # a sheet's declared size, and any row or cell it holds
    max_sheet_columns: int = 256
    max_cells: int = 200_000  # cells written in all sheets; text entries likewise
    # A full (not read-only) load makes an object of every cell, ten times the work of streaming them: a
    # reader that needs one (merged cells) gets fewer, so that loading stays within seconds too.
    max_cells_loaded: int = 50_000
    max_merged_cells: int = 50_000  # cells covered by merged ranges (openpyxl makes one object each)
    max_styles: int = 65_000  # cell formats; Excel itself allows 64,000
    max_paragraphs: int = 20_000  # Word: paragraphs and table cells
    max_xml_elements: int = 500_000  # every element of every XML part


EVIDENCE = Policy("evidence", EVIDENCE_KINDS, max_bytes=10 * MB)
# Progress reports may also carry a spreadsheet (a ledger, a sign-in sheet).
REPORT_EVIDENCE = Policy("report_evidence", (*EVIDENCE_KINDS, XLSX), max_bytes=10 * MB)
PHOTO = Policy("photo", IMAGE_KINDS, max_bytes=5 * MB)
TEXTBOOK = Policy("textbook", (PDF, DOCX), max_bytes=20 * MB)
NOTICE = Policy("notice", (TXT, DOCX, XLSX), max_bytes=5 * MB, max_unpacked_bytes=30 * MB)
# 5000 rows of the template unpack to about 3 MB. openpyxl reads a sheet that omits its <dimension> once
# through before the first row, so this limit also bounds that pass (about 2 s for 12 MB here).
TIMETABLE = Policy("timetable", (XLSX,), max_bytes=5 * MB, max_unpacked_bytes=20 * MB, max_rows=5000)


def _megabytes(size: int) -> str:
    return f"{size / MB:g} MB"


def detect(upload) -> Kind | None:
    """The kind of file the content says it is (zip archives are looked into), or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        # Word and Excel files are zip archives (as are .jar and plain zips). Look inside rather than trust
        # the first bytes: files saved by WPS do not always put the parts filetype looks for first.
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        return XLSX if "xl/workbook.xml" in names else None
    guess = filetype.guess(head)
    return next((kind for kind in KNOWN_KINDS if guess and kind.mime == guess.mime), None)


def _looks_like_text(head: bytes) -> bool:
    """Plain text in any encoding a notice comes in (UTF-8, GB18030, UTF-16): no NUL bytes outside UTF-16,
    and few control characters."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\x0c")
    return controls <= len(head) // 100


def check_zip(upload, policy: Policy) -> None:
    """Refuse an archive whose directory promises more entries or unpacked bytes than the policy allows.
    Read from the central directory only: nothing is decompressed."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("文件“%(name)s”已损坏，无法打开。"), code="corrupt", params={"name": upload.name}
        ) from error
    finally:
        upload.seek(0)
    if len(entries) > policy.max_entries or sum(e.file_size for e in entries) > policy.max_unpacked_bytes:
        raise ValidationError(
            _("文件“%(name)s”解压后过大（超过 %(limit)s），可能是异常文件，已拒绝。"),
            code="unpacked_too_large",
            params={"name": upload.name, "limit": _megabytes(policy.max_unpacked_bytes)},
        )


def check_size(name: str, size: int, policy: Policy) -> None:
    """Refuse a file larger than the policy allows, before a byte of it is read."""
    if size > policy.max_bytes:
        raise ValidationError(
            _("文件“%(name)s”超过 %(limit)s，请压缩或拆分后再上传。"),
            code="too_large",
            params={"name": name, "limit": _megabytes(policy.max_bytes)},
        )


def check_upload(upload, policy: Policy) -> Kind:
    """The kind of an uploaded file under `policy`, or a ValidationError in Chinese saying why it is refused.
    Checks, cheapest first: size, content against the allowed kinds, extension against content, and for
    zip-based formats the unpacked size and entry count."""
    check_size(upload.name, upload.size, policy)
    kind = detect(upload)
    if kind is None and TXT in policy.kinds:
        upload.seek(0)
        kind = TXT if _looks_like_text(upload.read(8192)) else None
        upload.seek(0)
    if kind not in policy.kinds:
        names = "、".join(k.extension.upper() for k in policy.kinds)
        raise ValidationError(
            _("文件“%(name)s”的类型不受支持：只接受 %(names)s 文件（按文件内容识别，改扩展名无效）。"),
            code="bad_type",
            params={"name": upload.name, "names": names},
        )
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in kind.extensions:
        raise ValidationError(
            _("文件“%(name)s”的扩展名与内容不符：内容是 %(kind)s 文件。"),
            code="extension_mismatch",
            params={"name": upload.name, "kind": kind.extension.upper()},
        )
    if kind in (DOCX, XLSX):
        check_zip(upload, policy)
        # Even a file that is only stored and offered for download: whoever opens it must be safe too.
        check_xml_parts(upload)
    return kind


def stored_name(kind: Kind) -> str:
    """The name handed to FileField.save(); evidence.private_upload_to keeps only its extension."""
    return f"upload.{kind.extension}"


def new_upload(value) -> bool:
    """True for a file just sent with a form, False for one already stored (a FieldFile) or none."""
    return bool(value) and hasattr(value, "content_type")


class CheckedUploads:
    """Form mixin: each new file in a field named in `upload_policies` must pass its policy, or the field gets
    the policy's Chinese message. A ModelAdmin given the form checks the same way."""

    upload_policies: dict[str, Policy] = {}

    def clean(self):
        cleaned = super().clean()
        for name, policy in self.upload_policies.items():
            upload = cleaned.get(name)
            if new_upload(upload):
                try:
                    check_upload(upload, policy)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class Deadline:
    """The parse time limit of a policy: parsers call check() between rows or paragraphs."""

    def __init__(self, policy: Policy):
        self.seconds = policy.max_parse_seconds
        self.ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ValidationError(
                _("文件内容过多，处理超过 %(seconds)s 秒仍未完成，已停止。请拆分后分批上传。"),
                code="too_slow",
                params={"seconds": f"{self.seconds:g}"},
            )


def _refuse_unreadable(upload, kind: Kind) -> ValidationError:
    return ValidationError(
        _("无法打开文件“%(name)s”：文件已损坏或不是有效的 %(kind)s 文件，请用 Office 或 WPS 另存后再上传。"),
        code="corrupt",
        params={"name": upload.name, "kind": kind.extension.upper()},
    )


def check_xml_parts(upload) -> None:
    """Refuse an Office file whose XML parts declare a DTD. Word and Excel never write one; a DTD is how
    entity expansion (billion laughs) and external entities get in. Only each part's prolog is read:
    defusedxml stops at a DTD, and the first element ends the prolog. A part that is not well-formed is left
    to whoever opens it (the openers' census refuses it; a stored file's reader may cope)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            for entry in archive.infolist():
                if entry.filename.endswith((".xml", ".rels")):
                    _refuse_dtd(archive, entry, upload.name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass
    finally:
        upload.seek(0)


def _refuse_dtd(archive, entry, name) -> None:
    try:
        with archive.open(entry) as part:
            for _event in iterparse(part, events=("start",), forbid_dtd=True):
                break
    except DefusedXmlException as error:
        raise ValidationError(
            _("文件“%(name)s”含有不允许的 XML 声明（DTD 或实体），可能是恶意文件，已拒绝。"),
            code="xml_entities",
            params={"name": name},
        ) from error
    except ParseError:
        pass


def _checked_office_file(
    upload, policy: Policy, kind: Kind, deadline: Deadline | None, *, loaded=False
) -> None:
    if check_upload(upload, policy) != kind:
        raise ValidationError(
            _("文件“%(name)s”不是 %(kind)s 文件。"),
            code="bad_type",
            params={"name": upload.name, "kind": kind.extension.upper()},
        )
    try:
        counted = (
            replace(policy, max_cells=min(policy.max_cells, policy.max_cells_loaded)) if loaded else policy
        )
        take_census(upload, counted, deadline or Deadline(policy), document=kind == DOCX)
    except (
        ExpatError,
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        raise _refuse_unreadable(upload, kind) from error


def open_docx(upload, policy: Policy, *, deadline: Deadline | None = None):
    """A python-docx Document of an upload that passed the policy and the census, or a ValidationError in
    Chinese. Nothing reaches python-docx before the archive's size and what its XML holds are known to be
    within the policy. `deadline`: the caller's, when it has started counting the policy's seconds."""
    import docx  # python-docx, needed only where Word files are read

    _checked_office_file(upload, policy, DOCX, deadline)
    try:
        return docx.Document(upload)
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged file
        logger.info("unreadable .docx %r: %s", upload.name, error)
        raise _refuse_unreadable(upload, DOCX) from error
    finally:
        upload.seek(0)


def open_workbook(upload, policy: Policy, *, read_only: bool = True, deadline: Deadline | None = None):
    """An openpyxl Workbook (read-only, which streams rows, unless asked; values not formulas) of an upload
    that passed the policy and the census, or a ValidationError in Chinese. openpyxl itself reads sheets
    through defusedxml when it is installed (it is a dependency), a second guard behind the census."""
    from openpyxl import load_workbook

    _checked_office_file(upload, policy, XLSX, deadline, loaded=not read_only)
    try:
        return load_workbook(upload, read_only=read_only, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        logger.info("unreadable .xlsx %r: %s", upload.name, error)
        raise _refuse_unreadable(upload, XLSX) from error
