import os
from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from fuzhou_lle.accounts.demo import DEMO_USERS
from fuzhou_lle.accounts.models import User
from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.exports.models import ExportJob
from tests.nominations import private_storage_dir  # noqa: F401 (fixture)

# Screenshots to look at, when E2E_SCREENSHOTS names a folder (as in tests/e2e/test_layout.py).
SHOTS = os.environ.get("E2E_SCREENSHOTS")


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_committee_exports_a_long_audit_log_watches_it_and_downloads_it(
    page,
    login,
    transactional_db,
    settings,
    celery_eager,
    private_storage_dir,  # noqa: F811
):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    username, password = DEMO_USERS[0][:2]  # the committee office
    office = User.objects.get(username=username)
    for n in range(5):
        audit_record(actor=office, action="unit.update", label="修改", target=office.unit, note=f"第{n}次")
    settings.EXPORT_INLINE_ROWS = 3

    # A job still being written: the bar moves and the download appears without reloading the page.
    running = ExportJob.objects.create(
        owner=office, title="旧的导出", builder="x", rows_total=200, rows_done=50, state="running"
    )
    login(username, password)
    page.goto(running.get_absolute_url())
    assert page.get_by_text("正在生成：已写 50 / 200 行").is_visible()
    ExportJob.objects.filter(pk=running.pk).update(rows_done=150)
    page.get_by_text("正在生成：已写 150 / 200 行").wait_for()
    shoot(page, "export-running.png")

    # Too many rows to send at once: the export becomes a job, the worker writes it, the page offers it.
    page.goto("/audit/")
    page.get_by_role("link", name="导出 Excel").click()
    page.get_by_text("文件已生成。").wait_for()
    shoot(page, "export-done.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 操作记录.xlsx").click()
    assert download.value.suggested_filename == "操作记录.xlsx"
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
    assert sheet.max_row > 5 and sheet.cell(1, 1).value == "时间"

    ExportJob.objects.filter(pk=running.pk).update(state="failed", finished_at=timezone.now())
    page.get_by_role("button", name=str(office)).click()
    page.get_by_role("banner").get_by_role("link", name="我的导出").click()
    assert page.get_by_role("heading", name="我的导出").is_visible()
    assert page.get_by_role("link", name="操作记录", exact=True).is_visible()
    assert page.get_by_role("cell", name="生成失败").is_visible()
    shoot(page, "export-list.png")
