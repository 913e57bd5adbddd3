from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fuzhou_lle.units.models import Unit
from tasks.models import Milestone
from tasks.services import progress_report_create
from tests.tasks.factories import MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def test_home_shows_the_plans_progress_and_links_to_the_overview(client, plan_2015):
    html = client.get(reverse("home")).content.decode()
    assert "2015年福州市终身教育工作要点" in html
    assert "已逾期 13" in html
    assert "查看工作要点落实情况" in html


def test_home_without_plan_has_no_panel(client, db):
    assert "查看工作要点落实情况" not in client.get(reverse("home")).content.decode()


def test_my_work_lists_the_units_tasks_needing_attention(client, unit_user, reference_units, today):
    minzheng = Unit.objects.get(name="市民政局")
    late = TaskFactory(section__plan__year=today.year, title="逾期的任务", leads=[minzheng])
    MilestoneFactory(task=late, due_on=today - timedelta(days=3))
    soon = TaskFactory(section=late.section, title="快到期的任务", all_members_support=True)
    MilestoneFactory(task=soon, due_on=today + timedelta(days=2))
    TaskFactory(section=late.section, title="别人的任务", leads=[Unit.objects.get(name="市总工会")])
    client.force_login(unit_user)
    html = client.get(reverse("my_work")).content.decode()
    assert "逾期的任务" in html
    assert "快到期的任务" in html
    assert "别人的任务" not in html


def test_my_work_tells_the_committee_what_waits_on_it(
    client, committee_user, unit_user, reference_units, today
):
    task = TaskFactory(section__plan__year=today.year, leads=[unit_user.unit])
    MilestoneFactory(task=task, state=Milestone.State.PROPOSED)
    progress_report_create(task=task, user=unit_user, kind="completion", text="完成", percent=100)
    client.force_login(committee_user)
    html = client.get(reverse("my_work")).content.decode()
    assert "1 个时间节点建议待审核" in html
    assert "1 份完成报告待销号" in html


def test_my_work_has_no_panel_when_nothing_needs_attention(client, district_user, plan_2015):
    client.force_login(district_user)
    assert "工作要点督办" not in client.get(reverse("my_work")).content.decode()


def test_my_work_shows_the_ten_most_pressing_tasks_and_links_to_all(
    client, unit_user, reference_units, today, django_assert_max_num_queries
):
    section = TaskFactory(section__plan__year=today.year, title="任务00", leads=[unit_user.unit]).section
    MilestoneFactory(task=section.tasks.get(), due_on=today - timedelta(days=40))
    for i in range(1, 25):
        task = TaskFactory(section=section, title=f"任务{i:02d}", leads=[unit_user.unit])
        MilestoneFactory(task=task, due_on=today - timedelta(days=40 - i))
    client.force_login(unit_user)
    with django_assert_max_num_queries(30):
        html = client.get(reverse("my_work")).content.decode()
    assert [f"任务{i:02d}" in html for i in (0, 9, 10, 24)] == [True, True, False, False]
    assert "全部 25 项逾期或即将到期的任务" in html
