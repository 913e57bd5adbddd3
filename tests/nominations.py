"""Helpers for the brands and awards tests: sample files and a private storage in a temporary folder."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The first bytes of a Windows executable: what a renamed .exe starts with.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    return buffer.getvalue()


def upload(name="证明.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def private_storage_dir(settings, tmp_path):
    """Every test writes private files to its own temporary folder."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


def stored_files(location):
    return sorted(path.name for path in location.rglob("*") if path.is_file()) if location.exists() else []
