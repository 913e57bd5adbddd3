import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from fuzhou_lle.accounts import demo
from tests.tasks.conftest import NOTICE_2015

# Where journeys leave a screenshot for a person to look at (E2E_SCREENSHOTS=… to keep them elsewhere).
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp"))


def test_committee_imports_unit_reports_dashboard_shows_it(page, login, logout, transactional_db, tmp_path):
    call_command("setup_portal", stdout=StringIO())
    demo.load(StringIO())  # the demo accounts only: the plan comes in through the web page

    login("committee", "Committee#2015")
    page.goto("/plan/import/")
    page.get_by_label("通知文件").set_input_files(str(NOTICE_2015))
    page.get_by_role("button", name="上传并预览").click()
    assert page.get_by_role("heading", name="导入预览").is_visible()
    assert page.get_by_text("新建 13 项，更新 0 项，待核对 0 项").is_visible()
    # Staff correct an item before saving: a supporting unit, written as a short form, for one item.
    page.get_by_label("配合单位（发挥终身教育激励机制）").fill("市人社局、终身教育促进委员会其他成员单位")
    page.get_by_role("button", name="应用修改").click()
    assert page.get_by_text("已按您的修改更新预览，尚未保存。").is_visible()
    assert page.get_by_text("市人社局 → 市人力资源和社会保障局").is_visible()
    page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=True)
    page.get_by_role("button", name="导入为草稿").click()
    assert page.get_by_text("已导入《2015年福州市终身教育工作要点》：新建 13 项，更新 0 项。").is_visible()
    assert page.get_by_text("是草稿：只有委员会办公室能看到").is_visible()
    assert page.get_by_text("目前是草稿").is_visible()
    page.screenshot(path=str(tmp_path / "draft.png"), full_page=True)
    logout()

    page.goto("/plan/")  # the public see nothing of a draft
    assert page.get_by_text("2015年福州市终身教育工作要点").count() == 0

    login("committee", "Committee#2015")
    page.goto("/plan/tasks/?year=2015")
    page.get_by_role("button", name="发布").click()
    assert page.get_by_text("已发布《2015年福州市终身教育工作要点》。").is_visible()
    logout()

    login("unit", "Unit#2015")
    page.goto("/plan/tasks/mine/")
    page.get_by_role("link", name="加强终身教育队伍建设").click()
    page.get_by_role("link", name="报告进展").click()
    page.get_by_label("进展情况").fill("骨干培训班已开班，参训126人。")
    page.get_by_label("完成进度（%）").fill("45")
    page.get_by_role("button", name="提交报告").click()
    assert page.get_by_text("进展报告已提交。").is_visible()
    logout()

    login("committee", "Committee#2015")
    page.goto("/plan/dashboard/")
    recent = page.locator("#recent-title + ul")
    assert "加强终身教育队伍建设：市民政局，进展报告，45%" in recent.inner_text()
    assert page.locator("#chart-unit").is_visible()
    assert page.locator("[data-count=total]").inner_text() == "13"
    page.locator("#chart-unit[style*='box-sizing']").wait_for()  # Chart.js styles the canvas it draws on


def test_committee_urges_an_overdue_task_and_the_lead_unit_sees_it(page, login, logout, transactional_db):
    from tasks import demo as tasks_demo
    from tasks.models import Task

    call_command("setup_portal", stdout=StringIO())
    demo.load(StringIO())
    tasks_demo.load(StringIO())
    task = Task.objects.get(title="加强终身教育队伍建设")  # its 市民政局 milestone is 10 days overdue

    login("committee", "Committee#2015")
    page.goto(f"/plan/tasks/{task.pk}/")
    page.get_by_role("button", name="催办").click()
    assert page.get_by_text("已催办，牵头单位责任人将立即收到通知。").is_visible()
    assert (
        page.locator("#history-title + ul li")
        .first.inner_text()
        .endswith("催办 · 加强终身教育队伍建设（已逾期）")
    )
    page.screenshot(path=str(SCREENSHOTS / "task_urged.png"), full_page=True)
    page.get_by_role("button", name="催办").click()
    assert page.get_by_text("该任务今天已经催办过，每个任务每天只能催办一次。").is_visible()
    logout()

    login("unit", "Unit#2015")
    page.goto("/notifications/")
    assert page.get_by_text("催办：任务“加强终身教育队伍建设”已逾期，请抓紧办理并报告进展。").is_visible()
