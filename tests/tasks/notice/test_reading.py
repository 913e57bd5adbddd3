"""Reading files into text and tables: encodings, Word, Excel, old Office files through LibreOffice, and a
clear Chinese refusal for what cannot be read."""

from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest

from fuzhou_lle.files.uploads import NOTICE
from tasks.notice import NoticeError, Table, parse_file, read_blocks
from tests.tasks.notices import docx_bytes, table_xlsx_bytes

NOTICE_2015 = (
    Path(__file__).resolve().parents[3] / "tasks" / "data" / "2015-fuzhou-lifelong-education-workplan.txt"
)
TEXT = "2025年工作要点\n開展培訓。全年培訓。（市教育局牽頭）"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_in_every_encoding_a_notice_comes_in(encoding):
    assert read_blocks(TEXT.encode(encoding), "通知.txt") == [
        "2025年工作要点",
        "开展培训。全年培训。（市教育局牵头）",
    ]


def test_a_docx_gives_its_paragraphs_and_tables_in_document_order():
    import docx

    document = docx.Document()
    document.add_paragraph("2025年工作要點")
    grid = document.add_table(rows=2, cols=2)
    for row, texts in zip(grid.rows, [("工作任務", "牽頭單位"), ("開展培訓", "市教育局")], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    merged = grid.add_row().cells
    merged[0].merge(merged[1]).text = "二、夯實基礎"
    document.add_paragraph("結束")
    output = BytesIO()
    document.save(output)
    first, table, last = read_blocks(output.getvalue(), "通知.docx")
    assert (first, last) == ("2025年工作要点", "结束")
    assert table == Table(
        rows=[["工作任务", "牵头单位"], ["开展培训", "市教育局"], ["二、夯实基础", "二、夯实基础"]],
        spanning=[False, False, True],
    )


def test_an_xlsx_sheet_with_merged_headings_spread_over_the_cells_they_cover():
    (table,) = read_blocks(table_xlsx_bytes(), "分解表.xlsx")
    assert table.rows[0] == ["2027年福州市终身教育工作任务分解表"] * 7
    assert table.spanning[:3] == [True, False, True]
    assert table.rows[3][2] == "1"  # a number, as Excel keeps it, read as written


def test_the_2015_notice_in_every_encoding_and_as_word_gives_one_structure():
    text = NOTICE_2015.read_text(encoding="utf-8")
    expected = parse_file(text.encode("utf-8"), "通知.txt").to_json()
    for data, name in [
        (text.encode("gb18030"), "通知.txt"),
        (text.encode("utf-16"), "通知.txt"),
        (docx_bytes(text), "通知.docx"),
    ]:
        assert parse_file(data, name).to_json() == expected


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "notice.txt", "无法识别文件“notice.txt”的文字编码"),
        (bytes(range(256)) * 4, "garbage.txt", "无法识别文件“garbage.txt”的文字编码"),
        (b"", "empty.txt", "文件“empty.txt”是空的"),
        (b"   \n  ", "blank.txt", "文件“blank.txt”是空的"),
        (
            "工作要点".encode(),
            "notice.pdf",
            "无法读取“notice.pdf”。可以导入的格式：.*扫描件（PDF、图片）无法识别文字",
        ),
        (b"PK\x03\x04 not really a zip", "broken.docx", "文件“broken.docx”的类型不受支持"),
        (b"hello world", "english.txt", "没有中文内容"),
        ("这只是一段话，没有任何条目".encode(), "short.txt", "没有找到工作要点条目"),
    ],
)
def test_unreadable_files_give_a_chinese_error(data, name, message):
    with pytest.raises(NoticeError, match=message):
        parse_file(data, name)


def test_an_old_office_file_without_libreoffice_is_refused_with_the_forms_read(monkeypatch):
    monkeypatch.setattr("tasks.notice.reading.shutil.which", lambda name: None)
    with pytest.raises(NoticeError, match="未安装 LibreOffice.*另存为 .xlsx.*可以导入的格式"):
        parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls")


def test_an_old_office_file_is_converted_where_libreoffice_is_installed(monkeypatch, tmp_path):
    """A stand-in for soffice that writes the converted file where LibreOffice would."""
    converted = docx_bytes("2025年工作要点\n开展培训。全年培训。（牵头单位：市教育局）")
    (tmp_path / "converted.docx").write_bytes(converted)
    script = tmp_path / "soffice"
    script.write_text(
        f'#!/bin/sh\nfor last; do :; done\ncp {tmp_path}/converted.docx "$(dirname "$last")/notice.docx"\n'
    )
    script.chmod(0o755)
    monkeypatch.setattr(
        "tasks.notice.reading.shutil.which", lambda name: str(script) if name == "soffice" else None
    )
    notice = parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")
    assert notice.tasks[0].lead_units == ["市教育局"]


def test_a_conversion_that_produces_nothing_is_a_chinese_error(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setattr(
        "tasks.notice.reading.shutil.which", lambda name: str(script) if name == "soffice" else None
    )
    with pytest.raises(NoticeError, match="无法转换文件“old.doc”：文件可能已损坏"):
        parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")


def test_a_sheet_beyond_the_row_limit_is_refused():
    with pytest.raises(NoticeError, match="超过 5 行"):
        parse_file(table_xlsx_bytes(), "big.xlsx", policy=replace(NOTICE, max_rows=5))
