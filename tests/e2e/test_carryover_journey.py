"""The next year's notice in a real browser: its doubtful lines marked in the preview, its items matched to
last year's unfinished tasks by hand, and an item's story over the years on its page and the public plan."""

import os
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from fuzhou_lle.accounts import demo
from tests.tasks.conftest import NOTICE_2015
from tests.tasks.notice.corpus import docx_paragraphs

SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp"))

NOTICE_2016 = """2016年福州市终身教育工作要点
（责任单位中排在首位的为牵头单位，以下同）
一、继续推进终身教育体制机制建设
1.进一步完善终身教育运行机制。健全工作格局。（责任单位：市教育局、市民政局）
2.继续加强终身教育队伍建设。举办骨干培训班。（责任单位：市教育局、市民政局、李明）
3.开展社区教育志愿服务。组建志愿者队伍。（责任单位：市民政局、各有关单位）
"""


def test_next_years_notice_is_previewed_carried_on_and_told_over_the_years(
    page, login, logout, transactional_db, tmp_path
):
    call_command("setup_portal", stdout=StringIO())
    demo.load(StringIO())
    call_command("import_workplan", str(NOTICE_2015), stdout=StringIO())
    from tasks.models import WorkPlan
    from tasks.services import workplan_publish

    workplan_publish(plan=WorkPlan.objects.get(year=2015), user=None)
    notice = tmp_path / "2016年工作要点.docx"
    notice.write_bytes(docx_paragraphs(NOTICE_2016))

    login("committee", "Committee#2015")
    page.goto("/plan/import/")
    page.get_by_label("通知文件").set_input_files(str(notice))
    page.get_by_role("button", name="上传并预览").click()
    assert page.get_by_role("heading", name="按通知中的约定识别").is_visible()
    assert page.get_by_text("“李明”像是人名，已作为责任领导，未作为单位，请核对。").is_visible()
    assert page.get_by_text("未知统称，只保留原文，不对应具体单位").is_visible()
    assert page.get_by_label("牵头单位（继续加强终身教育队伍建设）").input_value() == "市教育局"
    page.screenshot(path=str(SCREENSHOTS / "notice_preview_doubts.png"), full_page=True)
    page.get_by_role("button", name="导入为草稿").click()
    assert page.get_by_text("2015年有 13 项未完成的任务，可在“衔接上年度”中与本年度任务衔接。").is_visible()

    page.get_by_role("link", name="衔接上年度").click()
    assert page.get_by_text("建议，待确认").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "carryover.png"), full_page=True)
    page.get_by_role("button", name="保存衔接").click()
    assert page.get_by_text("已保存衔接：2 项有变动。").is_visible()
    page.get_by_role("button", name="发布").click()

    page.goto("/plan/tasks/?year=2016")
    page.get_by_role("link", name="继续加强终身教育队伍建设").click()
    assert page.get_by_role("heading", name="历年情况").is_visible()
    assert page.get_by_text("当年未完成，转入下一年度").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "task_story.png"), full_page=True)
    logout()

    page.goto("/plan/?year=2016")
    assert page.get_by_text("历年情况：2015（未完成） → 2016（本年度）").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "plan_story_public.png"), full_page=True)
