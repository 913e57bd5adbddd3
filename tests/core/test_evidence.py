"""Upload checks by content, not by name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fuzhou_lle.evidence import DOCX, IMAGE_KINDS, JPG, MAX_UPLOAD_BYTES, PDF, PNG, validate_upload
from tests.nominations import EXE_BYTES, PDF_BYTES, docx_bytes, jpg_bytes, png_bytes, zip_bytes


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.jpg", jpg_bytes(), JPG),
        ("scan.png", png_bytes(), PNG),
        ("report.pdf", PDF_BYTES, PDF),
        ("总结.docx", docx_bytes(), DOCX),
        # The name does not matter, only the content does.
        ("总结.pdf", docx_bytes(), DOCX),
        ("no-extension", png_bytes(), PNG),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE_BYTES),  # a renamed executable
        ("总结.docx", zip_bytes()),  # a zip that is not a Word document
        ("notes.txt", "纯文本".encode()),
    ],
)
def test_other_content_is_refused_with_a_chinese_message(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.messages == [
        f"文件“{name}”的类型不受支持：只接受 JPG、PNG、PDF、DOCX 文件（按文件内容识别，改扩展名无效）。"
    ]


def test_file_over_10_mb_is_refused():
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.messages == ["文件“big.pdf”超过 10 MB，请压缩或拆分后再上传。"]


def test_photo_must_be_an_image():
    with pytest.raises(ValidationError, match="只接受 JPG、PNG 文件"):
        validate_upload(SimpleUploadedFile("photo.jpg", PDF_BYTES), IMAGE_KINDS)
