"""Notices meet the upload policy, from the web form and from disk alike: hostile files are refused in Chinese
before the parser reads them, and nothing is imported."""

import io
import os
import time
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fuzhou_lle.files.uploads import MB
from tasks.models import WorkPlan
from tests.core.test_uploads import BILLION_LAUGHS, HOSTILE_XML, replace_part, zip_bomb
from tests.tasks.notices import NUMBERED, docx_bytes

pytestmark = pytest.mark.django_db


def upload(client, data, name):
    return client.post(reverse("tasks:import"), {"file": SimpleUploadedFile(name, data)})


def test_billion_laughs_docx_is_refused_in_chinese(client, committee_user):
    client.force_login(committee_user)
    content = replace_part(docx_bytes(NUMBERED), "word/document.xml", BILLION_LAUGHS)
    response = upload(client, content, "通知.docx")
    assert response.status_code == 200
    assert HOSTILE_XML in response.content.decode()
    assert "tasks_import" not in client.session


def test_docx_that_unpacks_past_the_limit_is_refused_quickly(client, committee_user):
    client.force_login(committee_user)
    content = zip_bomb("word/document.xml", unpacked=50 * MB)
    started = time.monotonic()
    response = upload(client, content, "通知.docx")
    assert time.monotonic() - started < 3
    assert "文件“通知.docx”解压后过大（超过 30 MB），可能是异常文件，已拒绝。" in response.content.decode()


def test_notice_over_five_megabytes_is_refused(client, committee_user):
    client.force_login(committee_user)
    response = upload(client, NUMBERED.encode() * (6 * MB // len(NUMBERED.encode())), "通知.txt")
    assert "文件“通知.txt”超过 5 MB，请压缩或拆分后再上传。" in response.content.decode()


def test_command_refuses_a_fifty_megabyte_notice_without_reading_it(tmp_path):
    path = tmp_path / "通知.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: no 50 MB written, but that is its size
    started = time.monotonic()
    with pytest.raises(CommandError, match="文件“通知.txt”超过 5 MB"):
        call_command("import_workplan", os.fspath(path), stdout=StringIO())
    assert time.monotonic() - started < 1
    assert not WorkPlan.objects.exists()


def test_command_refuses_a_billion_laughs_docx(tmp_path):
    path = tmp_path / "通知.docx"
    path.write_bytes(replace_part(docx_bytes(NUMBERED), "word/document.xml", BILLION_LAUGHS))
    with pytest.raises(CommandError, match="含有不允许的 XML 声明"):
        call_command("import_workplan", os.fspath(path), stdout=StringIO())
    assert not WorkPlan.objects.exists()


def test_docx_with_a_damaged_part_is_a_chinese_error(client, committee_user):
    client.force_login(committee_user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(NUMBERED))) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            data = b"<w:document><unclosed>" if entry.filename == "word/document.xml" else source.read(entry)
            target.writestr(entry, data)
    response = upload(client, buffer.getvalue(), "通知.docx")
    assert "无法打开文件“通知.docx”：文件已损坏或不是有效的 DOCX 文件" in response.content.decode()
