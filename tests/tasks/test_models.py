from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fuzhou_lle.units.models import Unit
from tasks.models import Milestone, ProgressReport, Status, Task, TaskUnit
from tests.tasks.factories import MilestoneFactory, ProgressReportFactory, TaskFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def status_of(task, today=TODAY):
    return Task.objects.with_status(today).get(pk=task.pk).status


class TestStatus:
    def test_task_without_milestone_is_due_on_31_december(self):
        task = TaskFactory()
        assert task.due_on == date(2026, 12, 31)
        assert status_of(task) == Status.ON_TRACK
        assert status_of(task, date(2026, 12, 24)) == Status.DUE_SOON
        assert status_of(task, date(2027, 1, 1)) == Status.OVERDUE

    @pytest.mark.parametrize(
        ("due_on", "status"),
        [
            (date(2026, 11, 27), Status.OVERDUE),
            (date(2026, 11, 28), Status.DUE_SOON),
            (date(2026, 12, 5), Status.DUE_SOON),
            (date(2026, 12, 6), Status.ON_TRACK),
        ],
    )
    def test_earliest_open_milestone_decides(self, due_on, status):
        task = TaskFactory()
        MilestoneFactory(task=task, due_on=due_on)
        MilestoneFactory(task=task, due_on=date(2026, 12, 20))
        assert status_of(task) == status

    def test_done_milestones_and_proposals_do_not_count(self):
        task = TaskFactory()
        MilestoneFactory(task=task, due_on=date(2026, 1, 1), done_on=date(2026, 1, 1))
        MilestoneFactory(task=task, due_on=date(2026, 2, 1), state=Milestone.State.PROPOSED)
        assert status_of(task) == Status.ON_TRACK

    def test_closed_task_is_done_even_past_its_milestones(self, committee_user):
        task = TaskFactory()
        MilestoneFactory(task=task, due_on=date(2026, 1, 1))
        report = ProgressReportFactory(task=task, kind=ProgressReport.Kind.COMPLETION, percent=100)
        task.close(report=report, by=committee_user, on=TODAY)
        assert status_of(task) == Status.DONE

    def test_overdue_queryset(self):
        late, _fine = TaskFactory(), TaskFactory()
        MilestoneFactory(task=late, due_on=date(2026, 11, 1))
        assert list(Task.objects.overdue(TODAY)) == [late]


class TestForUnit:
    @pytest.fixture
    def units(self, reference_units):
        return {name: Unit.objects.get(name=name) for name in ["市民政局", "市总工会", "市教育局"]}

    def test_named_collective_and_unrelated_tasks(self, units):
        named = TaskFactory(leads=[units["市民政局"]])
        supported = TaskFactory(leads=[units["市教育局"]], supports=[units["市民政局"]])
        all_lead = TaskFactory(all_members_lead=True)
        all_support = TaskFactory(leads=[units["市教育局"]], all_members_support=True)
        TaskFactory(leads=[units["市总工会"]])
        assert set(Task.objects.for_unit(units["市民政局"])) == {named, supported, all_lead, all_support}
        assert set(Task.objects.led_by(units["市民政局"])) == {named, all_lead}

    def test_district_committee_is_not_taken_in_by_collective_phrases(self, reference_units):
        TaskFactory(all_members_lead=True, all_members_support=True)
        district = Unit.objects.district_committees().first()
        assert not Task.objects.for_unit(district).exists()

    def test_role_of_prefers_the_named_role(self, units):
        task = TaskFactory(leads=[units["市教育局"]], all_members_support=True)
        assert task.role_of(units["市教育局"]) == TaskUnit.Role.LEAD
        assert task.role_of(units["市民政局"]) == TaskUnit.Role.SUPPORT


class TestClosing:
    def test_only_a_completion_report_of_the_task_closes_it(self, committee_user):
        task = TaskFactory()
        progress = ProgressReportFactory(task=task)
        with pytest.raises(ValidationError, match="完成报告"):
            task.close(report=progress, by=committee_user, on=TODAY)
        other = ProgressReportFactory(kind=ProgressReport.Kind.COMPLETION)
        with pytest.raises(ValidationError):
            task.close(report=other, by=committee_user, on=TODAY)
        task.refresh_from_db()
        assert task.closed_on is None

    def test_a_closed_task_cannot_be_closed_again(self, committee_user):
        task = TaskFactory()
        report = ProgressReportFactory(task=task, kind=ProgressReport.Kind.COMPLETION)
        task.close(report=report, by=committee_user, on=TODAY)
        with pytest.raises(ValidationError, match="已经销号"):
            task.close(report=report, by=committee_user, on=TODAY)

    def test_database_refuses_closing_without_report(self):
        task = TaskFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Task.objects.filter(pk=task.pk).update(closed_on=TODAY)


class TestProgressReport:
    def test_is_append_only(self):
        report = ProgressReportFactory()
        report.text = "改过的内容"
        with pytest.raises(ValidationError, match="不能修改"):
            report.save()

    def test_database_refuses_percent_over_100(self):
        report = ProgressReportFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressReport.objects.filter(pk=report.pk).update(percent=101)


class TestMilestone:
    def test_mark_done_once(self):
        milestone = MilestoneFactory()
        milestone.mark_done(on=TODAY)
        assert milestone.done_on == TODAY
        with pytest.raises(ValidationError, match="已经完成"):
            milestone.mark_done(on=TODAY)

    def test_proposal_cannot_be_marked_done_until_approved(self):
        milestone = MilestoneFactory(state=Milestone.State.PROPOSED)
        with pytest.raises(ValidationError):
            milestone.mark_done(on=TODAY)
        milestone.decide(approve=True)
        milestone.mark_done(on=TODAY)
        assert milestone.state == Milestone.State.APPROVED

    def test_rejected_proposal_cannot_be_decided_again(self):
        milestone = MilestoneFactory(state=Milestone.State.PROPOSED)
        milestone.decide(approve=False)
        with pytest.raises(ValidationError):
            milestone.decide(approve=True)


def test_plan_default_due_on():
    assert WorkPlanFactory(year=2015).default_due_on == date(2015, 12, 31)


def test_lead_and_support_labels(reference_units):
    task = TaskFactory(
        leads=[Unit.objects.get(name="市教育局")],
        and_others=True,
        all_members_support=True,
        all_members_lead=False,
    )
    assert task.lead_label == "市教育局等"
    assert task.support_label == "市终身教育促进委员会其他成员单位"
