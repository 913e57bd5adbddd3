"""A notice file must never make the reader build what it does not hold: merged ranges spread only over what
was read, rows and columns and paragraphs bounded, a damaged part refused in Chinese. The same limits hold
wherever a notice is read (the upload policy NOTICE, the only limits parse_file knows)."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fuzhou_lle.files.uploads import NOTICE
from tasks.models import WorkPlan
from tasks.notice import NoticeError, parse_file, read_blocks
from tasks.notice.reading import workbook
from tasks.notice.reading.blocks import MAX_COLUMNS, MAX_PARAGRAPHS, Budget
from tests.tasks.notice import hostile


def streamed(data: bytes) -> list:
    """The sheets as the reader streams them, past the upload policy's opener (whose own census may refuse
    such a file first): the reader's own bounds, whatever the opener lets through."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = workbook._Book(archive)
        return [
            workbook._sheet(book, name, path, Budget(NOTICE.max_parse_seconds, "notice.xlsx"), NOTICE)
            for name, path in book.sheets
        ]


def test_a_merged_range_over_the_whole_sheet_is_spread_over_the_rows_read_only():
    (table,) = streamed(hostile.merge_bomb())
    assert (len(table.rows), len(table.rows[0])) == (2, 3)
    assert table.rows == [["序号"] * 3, ["序号"] * 3]  # what a merge over everything means


def test_overlapping_merged_ranges_are_refused():
    with pytest.raises(NoticeError, match="合并单元格"):
        read_blocks(hostile.overlapping_merges(), "notice.xlsx")


def test_thousands_of_merged_ranges_are_refused():
    with pytest.raises(NoticeError, match="合并单元格"):
        read_blocks(hostile.many_merges(5000), "notice.xlsx")


def test_text_far_down_the_sheet_is_refused_without_building_the_rows_above():
    with pytest.raises(NoticeError, match="超过 5000 行"):
        streamed(hostile.far_cell())


def test_a_row_of_sixteen_thousand_cells_is_read_to_its_first_forty():
    (table,) = streamed(hostile.wide_row())
    assert max(len(row) for row in table.rows) == MAX_COLUMNS


@pytest.mark.parametrize("make", [hostile.merge_bomb, hostile.far_cell, hostile.wide_row])
def test_through_the_opener_such_a_sheet_is_read_bounded_or_refused_in_chinese(make):
    try:
        blocks = read_blocks(make(), "notice.xlsx")
    except NoticeError as error:
        assert "notice.xlsx" in str(error) or "工作表" in str(error)
    else:
        assert all(len(row) <= MAX_COLUMNS for table in blocks for row in table.rows)


def test_a_damaged_sheet_is_refused_in_chinese():
    with pytest.raises(NoticeError, match="文件已损坏"):
        read_blocks(hostile.damaged_row(), "notice.xlsx")


def test_a_flood_of_paragraphs_is_refused():
    with pytest.raises(NoticeError, match="超过"):
        read_blocks(hostile.paragraphs(MAX_PARAGRAPHS + 10), "notice.docx")


def test_a_word_table_past_the_row_limit_is_refused():
    with pytest.raises(NoticeError, match="超过 5000 行"):
        read_blocks(hostile.table_rows(5001), "notice.docx")


def test_a_word_cell_spanning_a_million_columns_is_read_to_forty():
    (_title, table) = read_blocks(hostile.table_rows(3, span=1_000_000), "notice.docx")
    assert [len(row) for row in table.rows] == [MAX_COLUMNS] * 3


def test_a_text_file_of_endless_lines_is_refused():
    with pytest.raises(NoticeError, match="超过"):
        read_blocks(("开展培训。\n" * (MAX_PARAGRAPHS + 1)).encode(), "notice.txt")


@pytest.mark.django_db
def test_the_web_form_and_the_command_refuse_alike(client, committee_user, tmp_path):
    data = hostile.far_cell()
    with pytest.raises(NoticeError) as raised:
        parse_file(data, "notice.xlsx")
    message = str(raised.value)
    client.force_login(committee_user)
    response = client.post(reverse("tasks:import"), {"file": SimpleUploadedFile("notice.xlsx", data)})
    assert message in response.content.decode()
    path = tmp_path / "notice.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("import_workplan", str(path), stdout=StringIO())
    assert not WorkPlan.objects.exists()
