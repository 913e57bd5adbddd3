"""Private files (evidence, unapproved proposals): where they are kept (the private storage, outside
MEDIA_ROOT, under generated names) and how they are sent back. What is accepted is
fuzhou_lle.files.uploads'."""

import mimetypes
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def private_storage():
    """The storage for files only permission-checking views may serve (settings.STORAGES["private"])."""
    return storages["private"]


def private_upload_to(instance, filename):
    """A fresh random name, keeping only the extension (which the upload service derives from the
    content): names people choose never reach the disk, and guessing one is hopeless."""
    suffix = Path(filename).suffix.lower()
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid4().hex}{suffix}"


def private_file_field(verbose_name, **options) -> models.FileField:
    """An optional file kept in the private storage under a generated name."""
    options = {"max_length": 200, "blank": True, **options}
    return models.FileField(verbose_name, storage=private_storage, upload_to=private_upload_to, **options)


def file_response(field_file, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """Send a private file. Attachments by default, so a browser never renders an uploaded file as a page.

    With settings.PRIVATE_FILES_ACCEL_PREFIX set, the permission has been checked by the caller and nginx
    sends the bytes (X-Accel-Redirect to its internal location over the private folder), so no Python worker
    is held for the length of a download; otherwise Django streams the file."""
    prefix = settings.PRIVATE_FILES_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(field_file.name)}"
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        response = FileResponse(
            field_file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(field_file, *, filename: str | None = None, inline: bool = False) -> FileResponse:
    """Send a stored file with the content type its (generated, content-derived) extension says; 404 when
    there is none. `filename` is what the browser saves it as, the stored name by default."""
    if not field_file:
        raise Http404
    filename = filename or Path(field_file.name).name
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    return file_response(field_file, filename=filename, content_type=content_type, inline=inline)
