"""The one upload policy: files are judged by content, the name must agree, archives are measured first."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fuzhou_lle.uploads import (
    DOCX,
    EVIDENCE,
    JPG,
    MB,
    NOTICE,
    PDF,
    PHOTO,
    PNG,
    TIMETABLE,
    TXT,
    XLSX,
    check_upload,
)
from tests.nominations import EXE_BYTES, PDF_BYTES, docx_bytes, jpg_bytes, png_bytes, zip_bytes


def zip_bomb(first_part: str, *, unpacked: int) -> bytes:
    """A real zip whose one big entry of zeros compresses about a thousandfold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(first_part, "<x/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * MB
            for _ in range(unpacked // MB):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.jpg", jpg_bytes(), JPG),
        ("photo.JPEG", jpg_bytes(), JPG),
        ("scan.png", png_bytes(), PNG),
        ("report.pdf", PDF_BYTES, PDF),
        ("总结.docx", docx_bytes(), DOCX),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, content, kind):
    assert check_upload(SimpleUploadedFile(name, content), EVIDENCE) == kind


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
        check_upload(SimpleUploadedFile(name, content), EVIDENCE)
    assert error.value.messages == [
        f"文件“{name}”的类型不受支持：只接受 JPG、PNG、PDF、DOCX 文件（按文件内容识别，改扩展名无效）。"
    ]


@pytest.mark.parametrize("name", ["总结.pdf", "no-extension", "photo.png"])
def test_extension_must_agree_with_content(name):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, docx_bytes()), EVIDENCE)
    assert error.value.messages == [f"文件“{name}”的扩展名与内容不符：内容是 DOCX 文件。"]


def test_file_over_the_limit_is_refused():
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 10 * MB)
    with pytest.raises(ValidationError) as error:
        check_upload(big, EVIDENCE)
    assert error.value.messages == ["文件“big.pdf”超过 10 MB，请压缩或拆分后再上传。"]


def test_photo_must_be_an_image():
    with pytest.raises(ValidationError, match="只接受 JPG、PNG 文件"):
        check_upload(SimpleUploadedFile("photo.jpg", PDF_BYTES), PHOTO)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_notice_text_in_any_office_encoding_is_text(encoding):
    upload = SimpleUploadedFile("通知.txt", "2015年福州市终身教育工作要点\n一、推进".encode(encoding))
    assert check_upload(upload, NOTICE) == TXT


def test_binary_named_txt_is_not_text():
    with pytest.raises(ValidationError, match="类型不受支持"):
        check_upload(SimpleUploadedFile("通知.txt", EXE_BYTES), NOTICE)


@pytest.mark.parametrize(
    ("name", "first_part", "policy"),
    [("课表.xlsx", "xl/workbook.xml", TIMETABLE), ("通知.docx", "word/document.xml", NOTICE)],
)
def test_zip_bomb_is_refused_before_parsing(name, first_part, policy):
    content = zip_bomb(first_part, unpacked=200 * MB)
    assert len(content) < policy.max_bytes  # small on the wire, huge unpacked
    started = time.monotonic()
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content), policy)
    assert time.monotonic() - started < 2
    assert error.value.code == "unpacked_too_large"
    assert "解压后过大" in error.value.messages[0]


def test_archive_with_too_many_entries_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        for number in range(TIMETABLE.max_entries + 1):
            archive.writestr(f"xl/p{number}.xml", "")
    with pytest.raises(ValidationError, match="解压后过大"):
        check_upload(SimpleUploadedFile("课表.xlsx", buffer.getvalue()), TIMETABLE)


def test_xlsx_is_an_xlsx():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert check_upload(SimpleUploadedFile("课表.xlsx", buffer.getvalue()), TIMETABLE) == XLSX
