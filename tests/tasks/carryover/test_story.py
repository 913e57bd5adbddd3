"""An item's story over the years, as far as the reader may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.carryover.story import carried_summary, stories
from tasks.models import Task
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db


def chain(*years, name="推进老年教育"):
    """One item carried through `years` (published plans), oldest first."""
    tasks, previous = [], None
    for year in years:
        previous = TaskFactory(section__plan__year=year, title=f"{name}（{year}）", continues=previous)
        tasks.append(previous)
    return tasks


def test_every_task_of_an_item_tells_the_same_story_oldest_first():
    tasks = chain(2015, 2016, 2017)
    told = stories(tasks, Task.objects.all())
    assert {pk: [step.year for step in steps] for pk, steps in told.items()} == {
        task.pk: [2015, 2016, 2017] for task in tasks
    }
    assert told[tasks[0].pk][2].title == "推进老年教育（2017）"


def test_a_task_that_carries_nothing_on_has_no_story():
    lone = TaskFactory(plan__year=2015)
    assert stories([lone], Task.objects.all()) == {}


def test_a_draft_years_task_is_left_out_for_those_who_may_not_see_it(unit_user):
    tasks = chain(2015, 2016, 2017)
    tasks[2].plan.published_at = None
    tasks[2].plan.save()
    told = stories(tasks[:1], Task.objects.visible_to(unit_user))
    assert [step.year for step in told[tasks[0].pk]] == [2015, 2016]


def test_a_query_a_year_whatever_the_number_of_items():
    few = [chain(2015, 2016, 2017, name=f"事项{i}")[1] for i in range(2)]
    with CaptureQueriesContext(connection) as small:
        stories(few, Task.objects.all())
    many = [chain(2015, 2016, 2017, name=f"事项{i}")[1] for i in range(2, 22)]
    with CaptureQueriesContext(connection) as large:
        stories(many, Task.objects.all())
    assert len(small) == len(large) <= 6


def test_the_dashboards_summary(committee_user):
    old, new = chain(2015, 2016)
    TaskFactory(section__plan=old.plan, title="未衔接的任务")
    TaskFactory(section__plan=new.plan, title="新任务")
    summary = carried_summary(new.plan, Task.objects.all())
    assert (summary.continuing, summary.previous_year, summary.previous_open, summary.previous_carried) == (
        1,
        2015,
        2,
        1,
    )
    assert [(task, [step.year for step in story]) for task, story in summary.shown] == [(new, [2015, 2016])]
