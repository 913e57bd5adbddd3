"""The task list and the dashboard cost the same number of queries for 13 tasks as for 500."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuzhou_lle.models import Unit
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
