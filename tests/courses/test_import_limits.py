"""A timetable upload is bounded: size and unpacked size before parsing, rows and seconds while checking, and
a page that lists the first errors and counts the rest."""

import dataclasses
import time
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from courses import importer
from courses.importer import COLUMNS, MAX_LISTED_ERRORS
from courses.models import Offering
from fuzhou_lle.files.uploads import MB, TIMETABLE
from tests.core.test_uploads import zip_bomb

pytestmark = pytest.mark.django_db


def bad_rows_sheet(count: int) -> BytesIO:
    """The template's headings, then `count` rows naming a course nobody has, everything else empty."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("课表")
    sheet.append([heading for _name, heading in COLUMNS])
    for number in range(count):
        sheet.append([f"不存在的课程{number}"])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "课表.xlsx"
    return out


def post(client, file):
    return client.post(reverse("courses:import"), {"sheet": file})


def test_fifteen_thousand_bad_rows_are_refused_quickly_with_a_short_list(client, district_user):
    client.force_login(district_user)
    sheet = bad_rows_sheet(15_000)
    started = time.monotonic()
    response = post(client, sheet)
    elapsed = time.monotonic() - started
    # About 3.5 s on a busy 2-core machine (161 s before the limits), 2 s of it openpyxl's pass over a sheet
    # without <dimension>, as write-only openpyxl and hostile files write them.
    assert elapsed < 8, elapsed
    html = response.content.decode()
    assert html.count("<tr><td>") == MAX_LISTED_ERRORS + 1  # and first, why checking stopped
    # 5000 rows read, an unknown course and 9 empty required cells each, plus the row limit's own message.
    assert "发现 50001 处错误，未保存任何内容" in html
    assert "还有 49800 处错误未列出。" in html
    assert "表格超过 5000 行，已停止检查。请拆分成几个文件分别上传。" in html
    assert not client.session.get("courses_import_file")


def test_thirty_thousand_rows_are_refused_before_openpyxl_reads_one(client, district_user):
    client.force_login(district_user)
    started = time.monotonic()
    html = post(client, bad_rows_sheet(30_000)).content.decode()
    assert time.monotonic() - started < 8
    assert (
        "文件“课表.xlsx”的工作表中的行超出 20,000 行或 256 列，可能含有大量空行空列或是异常文件，已拒绝。"
        "请删除多余的行列后另存再上传。"
    ) in html


def test_sixty_megabyte_sheet_is_refused_before_reading(client, district_user):
    client.force_login(district_user)
    big = BytesIO(b"PK\x03\x04" + b"\0" * 60 * MB)
    big.name = "课表.xlsx"
    html = post(client, big).content.decode()
    assert "文件“课表.xlsx”超过 5 MB，请压缩或拆分后再上传。" in html


def test_sheet_that_unpacks_past_the_limit_is_refused(client, district_user):
    client.force_login(district_user)
    bomb = BytesIO(zip_bomb("xl/workbook.xml", unpacked=50 * MB))
    bomb.name = "课表.xlsx"
    started = time.monotonic()
    html = post(client, bomb).content.decode()
    assert time.monotonic() - started < 3
    assert "文件“课表.xlsx”解压后过大（超过 20 MB），可能是异常文件，已拒绝。" in html
    assert not Offering.objects.exists()


def test_checking_gives_up_after_the_time_limit(client, district_user, monkeypatch):
    monkeypatch.setattr(importer, "TIMETABLE", dataclasses.replace(TIMETABLE, max_parse_seconds=0))
    client.force_login(district_user)
    html = post(client, bad_rows_sheet(3)).content.decode()
    assert "文件内容过多，处理超过 0 秒仍未完成，已停止。请拆分后分批上传。" in html
