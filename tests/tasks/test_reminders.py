from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fuzhou_lle.reminders.rules import RULES
from fuzhou_lle.reminders.sweep import reminders_sweep
from fuzhou_lle.units.models import Unit
from tasks import reminders
from tasks.models import Milestone
from tests.tasks.factories import MilestoneFactory, ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


@pytest.fixture
def task(reference_units):
    return TaskFactory(
        leads=[Unit.objects.get(name="市民政局")], supports=[Unit.objects.get(name="市总工会")]
    )


def sent(rule, today=TODAY):
    return sorted((r.recipient.username, r.step, r.target.title) for r in rule(today))


def test_rules_are_registered():
    assert RULES["milestone_due_soon"] is reminders.milestone_due_soon
    assert RULES["milestone_overdue"] is reminders.milestone_overdue


@pytest.mark.parametrize(("days", "step"), [(8, None), (7, "7"), (5, "7"), (3, "3"), (1, "1"), (0, "1")])
def test_due_soon_goes_to_the_lead_units_users_only(
    task, unit_user, other_unit_user, committee_user, days, step
):
    MilestoneFactory(task=task, title="节点", due_on=TODAY + timedelta(days=days))
    expected = [("minzheng_liaison", step, "节点")] if step else []
    assert sent(reminders.milestone_due_soon) == expected


def test_due_soon_skips_done_proposed_and_closed(task, unit_user, committee_user):
    MilestoneFactory(task=task, due_on=TODAY + timedelta(days=2), done_on=TODAY)
    MilestoneFactory(task=task, due_on=TODAY + timedelta(days=2), state=Milestone.State.PROPOSED)
    closed = TaskFactory(leads=[unit_user.unit])
    MilestoneFactory(task=closed, due_on=TODAY + timedelta(days=2))
    report = ProgressReportFactory(task=closed, kind="completion")
    closed.close(report=report, by=committee_user, on=TODAY)
    assert sent(reminders.milestone_due_soon) == []


def test_collective_lead_reaches_every_member_units_users(
    reference_units, unit_user, other_unit_user, district_user
):
    MilestoneFactory(task=TaskFactory(all_members_lead=True), title="全体", due_on=TODAY + timedelta(days=3))
    assert sent(reminders.milestone_due_soon) == [
        ("minzheng_liaison", "3", "全体"),
        ("zonggonghui_liaison", "3", "全体"),
    ]


def test_overdue_goes_weekly_to_lead_units_and_the_committee_office(
    task, unit_user, other_unit_user, committee_user
):
    MilestoneFactory(task=task, title="逾期", due_on=TODAY - timedelta(days=1))
    MilestoneFactory(task=task, title="今天", due_on=TODAY)
    assert sent(reminders.milestone_overdue) == [
        ("committee_staff", "overdue-2026-W48", "逾期"),
        ("minzheng_liaison", "overdue-2026-W48", "逾期"),
    ]
    assert {r.step for r in reminders.milestone_overdue(TODAY + timedelta(days=2))} == {"overdue-2026-W49"}


def test_reminder_says_what_and_links_to_the_task(task, unit_user):
    milestone = MilestoneFactory(task=task, title="培训", due_on=TODAY + timedelta(days=3))
    (reminder,) = reminders.milestone_due_soon(TODAY)
    assert reminder.message == f"时间节点“培训”（{task.title}）将于 2026-12-01 到期"
    assert reminder.url == f"/plan/tasks/{task.pk}/"
    assert (reminder.target, reminder.due_on) == (milestone, milestone.due_on)


def test_task_page_shows_who_was_reminded_about_its_milestones(client, task, unit_user, committee_user):
    MilestoneFactory(task=task, title="培训", due_on=TODAY + timedelta(days=3))
    reminders_sweep(today=TODAY)
    client.force_login(committee_user)
    html = client.get(f"/plan/tasks/{task.pk}/").content.decode()
    assert "提醒记录" in html
    assert f"时间节点“培训”（{task.title}）将于 2026-12-01 到期" in html
    assert "（市民政局）" in html


def test_deadlines_page_lists_a_milestone_once_in_one_phrase(client, task, unit_user):
    """Next week's run sees the milestone overdue; the page still shows it once, as due in 3 days."""
    MilestoneFactory(task=task, title="培训", due_on=timezone.localdate() + timedelta(days=3))
    client.force_login(unit_user)
    html = client.get(reverse("my_deadlines")).content.decode()
    upcoming = html.split("最近 30 天已发给您的提醒")[0]
    assert upcoming.count(f"时间节点“培训”（{task.title}）") == 1
    assert "将于" in upcoming
    assert "已逾期" not in upcoming


def _sweep_queries(count, task, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for offset in range(count):
        MilestoneFactory(task=task, due_on=today + timedelta(days=offset * 3 % 10 - 5))
    with CaptureQueriesContext(connection) as queries:
        result = reminders_sweep(today=today)
    return result, len(queries)


def test_sweep_queries_do_not_grow_with_the_milestones(task, unit_user, other_unit_user, committee_user):
    # Every recipient wants email, so the digest path is counted too. Overdue milestones go to the lead
    # unit and the office (2 each), coming ones to the lead unit; the first three are not sent again.
    few, few_queries = _sweep_queries(3, task, TODAY)
    many, many_queries = _sweep_queries(30, task, TODAY + timedelta(days=1))
    assert (few.sent, many.sent) == (2 * 2 + 1, 15 * 2 + 15)
    assert many_queries == few_queries
