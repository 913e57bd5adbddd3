"""The task list and the dashboard cost the same number of queries for 13 tasks as for 500."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuzhou_lle.units.models import Unit
from tasks.models import Milestone, Section, Task, TaskUnit, WorkPlan
from tests.tasks.factories import WorkPlanFactory

pytestmark = pytest.mark.django_db


def plan_with_tasks(count):
    plan = WorkPlanFactory(year=2026)
    sections = Section.objects.bulk_create(Section(plan=plan, title=f"部分{i}", order=i) for i in range(3))
    units = list(Unit.objects.members())
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            section=sections[i % 3],
            title=f"任务{i}",
            text=f"任务{i}。",
            order=i,
            due_on=date(2026, 12, 31),
            all_members_lead=i % 7 == 0,
            all_members_support=i % 2 == 0,
        )
        for i in range(count)
    )
    TaskUnit.objects.bulk_create(
        TaskUnit(task=task, unit=units[(i + k) % len(units)], role=role, order=k)
        for i, task in enumerate(tasks)
        for k, role in enumerate([TaskUnit.Role.LEAD, TaskUnit.Role.LEAD, TaskUnit.Role.SUPPORT])
    )
    Milestone.objects.bulk_create(
        Milestone(task=task, title="节点", due_on=date(2026, 1 + i % 12, 15)) for i, task in enumerate(tasks)
    )
    return plan


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["tasks:list", "tasks:dashboard", "tasks:overview", "tasks:mine"])
def test_page_queries_do_not_grow_with_tasks(client, unit_user, name):
    client.force_login(unit_user)
    plan_with_tasks(13)
    small = queries_for(client, reverse(name))
    WorkPlan.objects.all().delete()
    plan_with_tasks(500)
    large = queries_for(client, reverse(name))
    assert small == large


class TestOverviewAtScale:
    def test_shows_the_first_twenty_tasks_of_each_section_and_its_counts(self, client, unit_user):
        plan_with_tasks(90)  # 30 a section
        client.force_login(unit_user)
        response = client.get(reverse("tasks:overview"))
        sections = [group for group, _rows in response.context["sections"]]
        assert [(group.section.title, group.total, len(group.tasks)) for group in sections] == [
            ("部分0", 30, 20),
            ("部分1", 30, 20),
            ("部分2", 30, 20),
        ]
        assert [task.title for task in sections[1].tasks[:2]] == ["任务1", "任务4"]
        assert sum(n for _status, _label, n in sections[0].counts) == 30
        html = response.content.decode()
        assert f"section={sections[0].section.pk}" in html
        assert "全部 30 项" in html

    def test_counts_by_status_follow_each_tasks_next_deadline(self, client, unit_user, monkeypatch):
        plan_with_tasks(40)  # task i is in section i % 3, its milestone due on the 15th of month 1 + i % 12
        monkeypatch.setattr("tasks.views._today", lambda: date(2026, 3, 1))
        client.force_login(unit_user)
        sections = [group for group, _rows in client.get(reverse("tasks:overview")).context["sections"]]
        overdue = [{s: n for s, _label, n in group.counts}["overdue"] for group in sections]
        # overdue on 1 March: tasks 0, 12, 24, 36 (section 0) and 1, 13, 25, 37 (section 1)
        assert overdue == [4, 4, 0]

    def test_a_small_section_shows_every_task_and_no_link(self, client, reference_units):
        plan_with_tasks(9)
        html = client.get(reverse("tasks:overview")).content.decode()
        assert all(f"任务{i}<" in html for i in range(9))
        assert "仅列出前" not in html

    def test_visitors_get_no_link_to_the_staff_list_but_are_told_the_list_is_cut(
        self, client, reference_units
    ):
        plan_with_tasks(90)
        html = client.get(reverse("tasks:overview")).content.decode()
        assert "仅列出前 20 项，共 30 项。" in html
        assert reverse("tasks:list") + "?year" not in html
