"""Uploaded evidence (nominations, progress reports): what is accepted (by content, never by name),
where it is kept (the private storage, outside MEDIA_ROOT, under generated names) and how it is sent back."""

import zipfile
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    mime: str


JPG = Kind("jpg", "image/jpeg")
PNG = Kind("png", "image/png")
PDF = Kind("pdf", "application/pdf")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
KNOWN_KINDS = (JPG, PNG, PDF, DOCX, XLSX)

EVIDENCE_KINDS = (JPG, PNG, PDF, DOCX)
IMAGE_KINDS = (JPG, PNG)


def private_storage():
    """The storage for files only permission-checking views may serve (settings.STORAGES["private"])."""
    return storages["private"]


def private_upload_to(instance, filename):
    """A fresh random name, keeping only the extension (which the upload service derives from the
    content): names people choose never reach the disk, and guessing one is hopeless."""
    suffix = Path(filename).suffix.lower()
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid4().hex}{suffix}"


def _detect(upload) -> Kind | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        # Word and Excel files are zip archives (as are .jar and plain zips). Look inside rather than trust
        # the first bytes: files saved by WPS do not always put the parts filetype looks for first.
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        return XLSX if "xl/workbook.xml" in names else None
    guess = filetype.guess(head)
    return next((kind for kind in KNOWN_KINDS if guess and kind.mime == guess.mime), None)


def validate_upload(upload, allowed=EVIDENCE_KINDS) -> Kind:
    """The kind of an uploaded file, or a ValidationError in Chinese saying why it is refused."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过 10 MB，请压缩或拆分后再上传。"),
            code="too_large",
            params={"name": upload.name},
        )
    kind = _detect(upload)
    if kind not in allowed:
        names = "、".join(k.extension.upper() for k in allowed)
        raise ValidationError(
            _("文件“%(name)s”的类型不受支持：只接受 %(names)s 文件（按文件内容识别，改扩展名无效）。"),
            code="bad_type",
            params={"name": upload.name, "names": names},
        )
    return kind


def stored_name(kind: Kind) -> str:
    """The name handed to FileField.save(); private_upload_to keeps only its extension."""
    return f"upload.{kind.extension}"


def file_response(field_file, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """Send a private file. Attachments by default, so a browser never renders an uploaded file as a page."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
