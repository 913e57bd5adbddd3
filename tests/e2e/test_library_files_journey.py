from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Textbook
from tests.courses.test_import_limits import bad_rows_sheet
from tests.nominations import EXE_BYTES, PDF_BYTES, private_storage_dir  # noqa: F401 (autouse)


def test_district_proposes_a_textbook_file_the_public_gets_it_once_approved(
    page, login, logout, transactional_db, tmp_path
):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    login("district", "District#2015")

    # A renamed executable is refused by its content; a real PDF is taken.
    page.goto("/courses/propose/textbook/")
    page.get_by_label("书名").fill("社区太极拳教程")
    page.get_by_label("编著者").fill("林伟英")
    page.get_by_label("类型").select_option(label="自编教材")
    page.get_by_label("电子版").set_input_files(
        {"name": "教程.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES}
    )
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("文件“教程.pdf”的类型不受支持：只接受 PDF、DOCX 文件")).to_be_visible()
    page.get_by_label("电子版").set_input_files(
        {"name": "教程.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已提交，等待市终身教育促进委员会办公室审核入库。")).to_be_visible()

    # A timetable of 15,000 bad rows is refused at once with a short list.
    page.goto("/courses/district/import/")
    sheet = tmp_path / "课表.xlsx"
    sheet.write_bytes(bad_rows_sheet(15_000).getvalue())
    page.get_by_label("课表文件").set_input_files(sheet)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("表格超过 5000 行，已停止检查。请拆分成几个文件分别上传。")).to_be_visible()
    expect(page.get_by_text("还有 49800 处错误未列出。")).to_be_visible()
    page.screenshot(path=str(tmp_path / "import-errors.png"), full_page=True)
    logout()

    login("committee", "Committee#2015")
    page.goto("/courses/proposals/")
    row = page.locator("tr").filter(has_text="社区太极拳教程")
    with page.expect_download() as download:
        row.get_by_role("link", name="下载电子版").click()
    assert download.value.suggested_filename == "社区太极拳教程.pdf"
    page.screenshot(path=str(tmp_path / "proposals.png"))
    row.get_by_role("button", name="批准入库").click()
    expect(page.get_by_text("已批准入库：社区太极拳教程")).to_be_visible()
    logout()

    # The public reaches the approved textbook's page and downloads its file.
    page.goto(Textbook.objects.get(title="社区太极拳教程").get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="下载电子版").click()
    path = tmp_path / "book.pdf"
    download.value.save_as(path)
    assert path.read_bytes() == PDF_BYTES
