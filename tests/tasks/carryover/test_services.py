"""The one write of carrying a plan on: who may, what may be linked, and the trail it leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from fuzhou_lle.audit.models import AuditEvent
from tasks.carryover.services import plan_carryover_save
from tasks.models import Task
from tests.tasks.carryover.conftest import task
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_committee_links_items_to_last_years_tasks_and_the_trail_says_so(committee_user, draft_2016):
    new, old = task(2016, "进一步完善终身教育运行机制"), task(2015, "完善终身教育运行机制")
    changed = plan_carryover_save(plan=draft_2016, links={new.pk: old.pk}, user=committee_user)
    assert changed == [new]
    new.refresh_from_db()
    assert new.continues == old
    event = AuditEvent.objects.get(action="task.carry")
    assert (event.actor, event.target_id, event.label) == (committee_user, str(new.pk), "衔接以前年度任务")
    assert event.changes == {"continues": [None, "2015年：完善终身教育运行机制"]}


def test_saving_the_same_links_again_changes_and_records_nothing(committee_user, draft_2016):
    new, old = task(2016, "进一步完善终身教育运行机制"), task(2015, "完善终身教育运行机制")
    plan_carryover_save(plan=draft_2016, links={new.pk: old.pk}, user=committee_user)
    assert plan_carryover_save(plan=draft_2016, links={new.pk: old.pk}, user=committee_user) == []
    assert AuditEvent.objects.filter(action="task.carry").count() == 1


def test_two_items_may_swap_the_tasks_they_carry_on_and_a_link_may_be_undone(committee_user, draft_2016):
    first, second = task(2016, "进一步完善终身教育运行机制"), task(2016, "继续加强终身教育队伍建设")
    a, b = task(2015, "完善终身教育运行机制"), task(2015, "加强终身教育队伍建设")
    plan_carryover_save(plan=draft_2016, links={first.pk: a.pk, second.pk: b.pk}, user=committee_user)
    plan_carryover_save(plan=draft_2016, links={first.pk: b.pk, second.pk: a.pk}, user=committee_user)
    assert [t.continues_id for t in Task.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")] == [
        b.pk,
        a.pk,
    ]
    plan_carryover_save(plan=draft_2016, links={first.pk: None}, user=committee_user)
    first.refresh_from_db()
    assert first.continues is None
    assert AuditEvent.objects.filter(action="task.carry", target_id=str(first.pk)).order_by(
        "pk"
    ).last().changes == {"continues": ["2015年：加强终身教育队伍建设", None]}


def test_a_unit_liaison_may_not(unit_user, draft_2016):
    new, old = task(2016, "进一步完善终身教育运行机制"), task(2015, "完善终身教育运行机制")
    with pytest.raises(PermissionDenied):
        plan_carryover_save(plan=draft_2016, links={new.pk: old.pk}, user=unit_user)
    assert not Task.objects.filter(continues__isnull=False).exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("same year", "只能衔接以前年度的任务"),
        ("later year", "只能衔接以前年度的任务"),
        ("twice", "只能由一项任务延续"),
        ("other plan", "不属于2016年工作要点"),
        ("taken", "已由其他任务延续：完善终身教育运行机制"),
    ],
)
def test_only_an_earlier_task_carried_on_by_no_other(committee_user, draft_2016, case, message):
    first, second = task(2016, "进一步完善终身教育运行机制"), task(2016, "继续加强终身教育队伍建设")
    old = task(2015, "完善终身教育运行机制")
    links = {
        "same year": {first.pk: second.pk},
        "later year": {first.pk: TaskFactory(section__plan__year=2017).pk},
        "twice": {first.pk: old.pk, second.pk: old.pk},
        "other plan": {old.pk: None},
        "taken": {first.pk: old.pk},
    }[case]
    if case == "taken":
        TaskFactory(section__plan__year=2018, continues=old)
    with pytest.raises(ValidationError, match=message):
        plan_carryover_save(plan=draft_2016, links=links, user=committee_user)
    assert not Task.objects.filter(plan=draft_2016, continues__isnull=False).exists()


def test_the_database_refuses_a_second_continuation_and_a_task_continuing_itself(draft_2016):
    old = task(2015, "完善终身教育运行机制")
    Task.objects.filter(title="进一步完善终身教育运行机制").update(continues=old)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(title="继续加强终身教育队伍建设").update(continues=old)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=old.pk).update(continues=old)
