import pytest

from tasks.models import Task
from tasks.notice import parse_text
from tasks.services import workplan_import, workplan_publish

# Two items carry on 2015's (reworded), one is new.
NOTICE_2016 = """2016年福州市终身教育工作要点
继续推进终身教育体制机制建设
进一步完善终身教育运行机制。健全工作格局。（牵头单位：市教育局，市终身教育促进委员会其他成员单位配合）
继续加强终身教育队伍建设。举办骨干培训班。（牵头单位：市教育局、市民政局）
开展社区教育志愿服务。组建志愿者队伍。（牵头单位：市民政局）
"""


@pytest.fixture
def draft_2016(plan_2015):
    plan, _summary = workplan_import(parsed=parse_text(NOTICE_2016), source_name="2016.txt")
    return plan


@pytest.fixture
def plan_2016(draft_2016):
    return workplan_publish(plan=draft_2016, user=None)


def task(year, title):
    return Task.objects.select_related("plan").get(plan__year=year, title=title)
