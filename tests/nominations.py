"""Helpers for the brands and awards tests: sample files and a private storage in a temporary folder."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from PIL import Image

from fuzhou_lle.files.storage import private_storage
from fuzhou_lle.units.models import District


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
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    return buffer.getvalue()


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    return buffer.getvalue()


def upload(name="证明.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def private_storage_dir(tmp_path, monkeypatch):
    """Every test writes private files to its own temporary folder. A FileField evaluates its storage
    callable once, at import, so the fields themselves get the temporary storage."""
    location = tmp_path / "private"
    storage = FileSystemStorage(location=location)
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, FileField) and getattr(field, "_storage_callable", None) is private_storage:
                monkeypatch.setattr(field, "storage", storage)
    return location


def stored_files(location):
    return sorted(path.name for path in location.rglob("*") if path.is_file()) if location.exists() else []


def round_form_data(**changes):
    """What the committee posts to open a round: two criteria, and 鼓楼区 with 3 places instead of 2."""
    data = {
        "kind": "community",
        "year": "2016",
        "batch": "第二批",
        "title": "2016年第二批市级社区教育品牌",
        "call_text": "请各县（市）区推荐。",
        "opens_at": "2036-03-01T09:00",
        "closes_at": "2036-03-31T17:30",
        "default_quota": "2",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "特色鲜明",
        "criteria-0-description": "有独特的做法",
        "criteria-0-max_score": "40",
        "criteria-1-name": "成效显著",
        "criteria-1-description": "",
        "criteria-1-max_score": "60",
        "criteria-2-name": "",
        "criteria-2-description": "",
        "criteria-2-max_score": "",
        f"quota-district_{District.objects.get(code='gulou').pk}": "3",
    }
    data.update(changes)
    return data
