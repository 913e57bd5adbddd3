"""The one upload policy: files are judged by content, the name must agree, archives are measured first."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fuzhou_lle.files.uploads import (
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
    Deadline,
    check_upload,
    open_docx,
    open_workbook,
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


# Opening Word and Excel files for parsing: only through the openers, which refuse hostile XML.

HOSTILE_XML = "文件“通知.docx”含有不允许的 XML 声明（DTD 或实体），可能是恶意文件，已拒绝。"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
)


def real_docx(text="通知正文") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def real_xlsx(*rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_part(content: bytes, name: str, xml: str) -> bytes:
    """The same archive with one part's XML replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, xml if entry.filename == name else source.read(entry))
    return buffer.getvalue()


def test_open_docx_reads_a_real_document():
    document = open_docx(SimpleUploadedFile("通知.docx", real_docx("第一段")), NOTICE)
    assert [paragraph.text for paragraph in document.paragraphs] == ["第一段"]


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_docx_declaring_entities_is_refused_in_chinese(xml):
    content = replace_part(real_docx(), "word/document.xml", xml)
    started = time.monotonic()
    with pytest.raises(ValidationError) as error:
        open_docx(SimpleUploadedFile("通知.docx", content), NOTICE)
    assert time.monotonic() - started < 1
    assert error.value.messages == [HOSTILE_XML]


def test_xlsx_declaring_entities_in_a_sheet_is_refused():
    content = real_xlsx(["课程名称"], ["太极"])
    hostile = BILLION_LAUGHS.replace("w:document", "worksheet").replace(
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
    )
    content = replace_part(content, "xl/worksheets/sheet1.xml", hostile)
    with pytest.raises(ValidationError) as error:
        open_workbook(SimpleUploadedFile("课表.xlsx", content), TIMETABLE)
    assert error.value.code == "xml_entities"


def test_openpyxl_reads_sheets_through_defusedxml():
    """The second guard behind check_xml_parts: openpyxl picks defusedxml up when it is installed."""
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


def test_open_workbook_reads_values():
    book = open_workbook(SimpleUploadedFile("课表.xlsx", real_xlsx(["课程名称"], ["太极"])), TIMETABLE)
    assert list(book.worksheets[0].iter_rows(values_only=True)) == [("课程名称",), ("太极",)]


@pytest.mark.parametrize(
    ("name", "content", "opener", "message"),
    [
        ("通知.docx", docx_bytes(), open_docx, "无法打开文件“通知.docx”：文件已损坏或不是有效的 DOCX 文件"),
        ("通知.docx", real_xlsx(["x"]), open_docx, "文件“通知.docx”的扩展名与内容不符"),
        ("课表.xlsx", real_docx(), open_workbook, "文件“课表.xlsx”的类型不受支持：只接受 XLSX 文件"),
        ("课表.xlsx", b"PK\x03\x04broken", open_workbook, "类型不受支持"),
    ],
)
def test_openers_refuse_what_they_cannot_parse_in_chinese(name, content, opener, message):
    with pytest.raises(ValidationError) as error:
        opener(SimpleUploadedFile(name, content), NOTICE if opener is open_docx else TIMETABLE)
    assert message in error.value.messages[0]


def test_deadline_stops_a_slow_parser():
    deadline = Deadline(TIMETABLE)
    deadline.check()
    deadline.ends = time.monotonic() - 1
    with pytest.raises(ValidationError, match="处理超过 20 秒仍未完成"):
        deadline.check()
