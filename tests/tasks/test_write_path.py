"""The work plan's one write path: each service checks the actor itself, records one audit event with the
right actor, target and before → after, and notifies exactly the right people once the change commits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.reminders.models import Notification
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import COMMUNITY_UNIVERSITY
from tasks import services
from tasks.models import Milestone, Task, TaskUnit
from tests.factories import UserFactory
from tests.tasks.factories import MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def task(reference_units):
    """Led by 市民政局 (unit_user's unit), supported by 市总工会 (other_unit_user's), overdue."""
    return TaskFactory(
        section__plan__year=TODAY.year,
        due_on=TODAY - timedelta(days=2),
        leads=[Unit.objects.get(name="市民政局")],
        supports=[Unit.objects.get(name="市总工会")],
    )


@pytest.fixture
def lead_reviewer(reference_units):
    """A reviewer who works for the lead unit: the role, not the unit, decides what they may do."""
    return UserFactory(
        username="minzheng_reviewer", role=Role.REVIEWER, unit=Unit.objects.get(name="市民政局")
    )


@pytest.fixture
def bystanders(committee_user, other_unit_user, district_user, reviewer_user, lead_reviewer):
    return [committee_user, other_unit_user, district_user, reviewer_user, lead_reviewer]


def only_event(action):
    (event,) = AuditEvent.objects.filter(action=action)
    return event


def notified(action):
    return sorted(n.recipient.username for n in Notification.objects.filter(event__action=action))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as its own committed transaction would: notifications go out on commit."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def completion(task, user, commit):
    return commit(
        services.progress_report_create, task=task, user=user, kind="completion", text="全部完成", percent=100
    )


class TestServicesCheckTheActor:
    """Not only the views: calling a service as the wrong person is refused and changes nothing."""

    def test_a_reviewer_of_the_lead_unit_cannot_report(self, task, lead_reviewer):
        with pytest.raises(PermissionDenied):
            services.progress_report_create(
                task=task, user=lead_reviewer, kind="progress", text="x", percent=1
            )
        assert not task.reports.exists()

    def test_a_district_user_of_the_lead_unit_cannot_name_the_responsible_person(self, task, reference_units):
        university_task = TaskFactory(leads=[Unit.objects.get(name=COMMUNITY_UNIVERSITY)])
        district_role = UserFactory(role=Role.DISTRICT, unit=Unit.objects.get(name=COMMUNITY_UNIVERSITY))
        link = university_task.task_units.get()
        with pytest.raises(PermissionDenied):
            services.taskunit_responsible_set(link=link, user=district_role, name="张三")
        link.refresh_from_db()
        assert link.responsible_person == ""

    def test_a_supporting_unit_cannot_propose_milestones(self, task, other_unit_user):
        with pytest.raises(PermissionDenied):
            services.milestone_create(task=task, user=other_unit_user, title="节点", due_on=TODAY)
        assert not task.milestones.exists()

    @pytest.mark.parametrize("persona", ["unit_user", "reviewer_user", "district_user"])
    def test_only_the_committee_accepts_reports_and_urges(self, request, task, unit_user, persona):
        report = completion(task, unit_user, lambda service, **kw: service(**kw))
        user = request.getfixturevalue(persona)
        with pytest.raises(PermissionDenied):
            services.report_accept(report=report, user=user, on=TODAY)
        with pytest.raises(PermissionDenied):
            services.task_urge(task=task, user=user, today=TODAY)
        task.refresh_from_db()
        assert (task.closed_on, task.last_urged_on) == (None, None)


class TestMilestoneEvents:
    def test_committee_adds_a_milestone(self, task, committee_user, commit):
        milestone = commit(
            services.milestone_create, task=task, user=committee_user, title="召开推进会", due_on=TODAY
        )
        event = only_event("milestone.create")
        assert (event.actor, event.target_repr) == (committee_user, str(milestone))
        assert event.changes["title"] == [None, "召开推进会"]
        assert event.changes["state"] == [None, "已确定"]

    def test_proposal_and_its_decision_notify_the_proposer(
        self, task, unit_user, committee_user, bystanders, commit
    ):
        milestone = commit(services.milestone_create, task=task, user=unit_user, title="评估", due_on=TODAY)
        assert only_event("milestone.propose").actor == unit_user
        assert milestone.state == Milestone.State.PROPOSED
        commit(services.milestone_decide, milestone=milestone, user=committee_user, approve=False)
        event = only_event("milestone.reject")
        assert (event.actor, event.changes) == (committee_user, {"state": ["待审核", "未采纳"]})
        assert notified("milestone.reject") == [unit_user.username]
        assert Notification.objects.count() == 1

    def test_approval_notifies_the_proposer_once(self, task, unit_user, committee_user, commit):
        milestone = commit(services.milestone_create, task=task, user=unit_user, title="评估", due_on=TODAY)
        commit(services.milestone_decide, milestone=milestone, user=committee_user, approve=True)
        assert notified("milestone.approve") == [unit_user.username]
        assert "时间节点建议已采纳" in Notification.objects.get().message

    def test_update_records_before_and_after(self, task, committee_user, commit):
        milestone = MilestoneFactory(task=task, title="原定", due_on=TODAY)
        commit(
            services.milestone_update,
            milestone=milestone,
            user=committee_user,
            title="改期",
            due_on=TODAY + timedelta(days=5),
            done_on=None,
        )
        assert only_event("milestone.update").changes == {
            "title": ["原定", "改期"],
            "due_on": [TODAY.isoformat(), (TODAY + timedelta(days=5)).isoformat()],
        }

    def test_done(self, task, committee_user, commit):
        milestone = MilestoneFactory(task=task, due_on=TODAY)
        commit(services.milestone_mark_done, milestone=milestone, user=committee_user, on=TODAY)
        event = only_event("milestone.done")
        assert (event.actor, event.changes) == (committee_user, {"done_on": [None, TODAY.isoformat()]})
        assert not Notification.objects.exists()

    def test_closed_tasks_take_no_milestone_changes(self, task, unit_user, committee_user):
        milestone = MilestoneFactory(task=task, due_on=TODAY)
        report = completion(task, unit_user, lambda service, **kw: service(**kw))
        services.report_accept(report=report, user=committee_user, on=TODAY)
        with pytest.raises(PermissionDenied):
            services.milestone_mark_done(milestone=milestone, user=committee_user, on=TODAY)
        with pytest.raises(PermissionDenied):
            services.milestone_create(task=task, user=committee_user, title="再加", due_on=TODAY)


class TestReportEvents:
    def test_report_create(self, task, unit_user, commit):
        report = commit(
            services.progress_report_create,
            task=task,
            user=unit_user,
            kind="progress",
            text="推进",
            percent=40,
        )
        event = only_event("report.create")
        assert (event.actor, event.target_id) == (unit_user, str(report.pk))
        assert event.changes == {"kind": [None, "进展报告"], "percent": [None, 40], "evidence": [None, []]}

    def test_accept_closes_and_notifies_author_and_responsible_once(
        self, task, unit_user, committee_user, bystanders, commit
    ):
        colleague = UserFactory(username="minzheng_2", role=Role.UNIT, unit=unit_user.unit)
        report = completion(task, unit_user, commit)
        commit(services.report_accept, report=report, user=committee_user, on=TODAY)
        accepted, closed = only_event("report.accept"), only_event("task.close")
        assert (accepted.actor, accepted.target_id) == (committee_user, str(report.pk))
        assert (closed.actor, closed.label, closed.target_id) == (committee_user, "销号", str(task.pk))
        assert closed.changes == {
            "closed_on": [None, TODAY.isoformat()],
            "closed_by": [None, str(committee_user)],
        }
        assert notified("report.accept") == [unit_user.username]
        assert notified("task.close") == [colleague.username]
        assert Notification.objects.count() == 2

    def test_return_keeps_the_task_open_and_tells_the_author_why(
        self, task, unit_user, committee_user, bystanders, commit
    ):
        report = completion(task, unit_user, commit)
        commit(services.report_return, report=report, user=committee_user, reason="缺少佐证材料")
        event = only_event("report.return")
        assert (event.actor, event.note) == (committee_user, "缺少佐证材料")
        (notification,) = Notification.objects.all()
        assert notification.recipient == unit_user
        assert "缺少佐证材料" in notification.message
        task.refresh_from_db()
        assert task.closed_on is None
        with pytest.raises(ValidationError, match="已被退回"):
            services.report_accept(report=report, user=committee_user, on=TODAY)

    def test_return_needs_a_reason(self, task, unit_user, committee_user):
        report = completion(task, unit_user, lambda service, **kw: service(**kw))
        with pytest.raises(ValidationError, match="退回原因"):
            services.report_return(report=report, user=committee_user, reason="  ")
        assert not AuditEvent.objects.filter(action="report.return").exists()

    def test_a_rolled_back_change_notifies_nobody(self, task, unit_user, committee_user, commit):
        report = completion(task, unit_user, commit)
        with pytest.raises(ValidationError):
            commit(services.report_return, report=report, user=committee_user, reason="")
        assert not Notification.objects.exists()


class TestResponsible:
    def test_naming_records_before_and_after(self, task, unit_user, commit):
        link = task.task_units.get(role=TaskUnit.Role.LEAD)
        commit(services.taskunit_responsible_set, link=link, user=unit_user, name="王芳")
        commit(services.taskunit_responsible_set, link=link, user=unit_user, name="李明")
        first, second = AuditEvent.objects.filter(action="taskunit.responsible").order_by("pk")
        assert (first.changes, second.changes) == (
            {"responsible_person": ["", "王芳"]},
            {"responsible_person": ["王芳", "李明"]},
        )
        assert (second.actor, second.target_id, second.note) == (unit_user, str(task.pk), "市民政局")


class TestUrge:
    @pytest.fixture(autouse=True)
    def _email_inline(self, celery_eager):
        """催办 emails at once through Celery: inline here, whatever broker REDIS_URL names."""

    def test_urge_notifies_the_named_responsible_person_at_once(
        self, task, unit_user, committee_user, bystanders, commit
    ):
        unit_user.name, unit_user.email = "王芳", "wangfang@example.cn"
        unit_user.save()
        UserFactory(username="minzheng_other", role=Role.UNIT, unit=unit_user.unit, email="x@example.cn")
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).update(responsible_person="王芳")
        assert commit(services.task_urge, task=task, user=committee_user, today=TODAY) is True
        event = only_event("task.urge")
        assert (event.actor, event.label, event.note) == (committee_user, "催办", "已逾期")
        assert notified("task.urge") == [unit_user.username]
        (email,) = mail.outbox
        assert email.to == ["wangfang@example.cn"]
        assert "催办" in email.subject
        assert Notification.objects.get().emailed_at is not None

    def test_in_app_only_people_get_no_email(self, task, unit_user, committee_user, commit):
        unit_user.email, unit_user.reminder_channel = "a@example.cn", User.ReminderChannel.IN_APP
        unit_user.save()
        commit(services.task_urge, task=task, user=committee_user, today=TODAY)
        assert notified("task.urge") == [unit_user.username]
        assert mail.outbox == []

    def test_once_a_day_per_task(self, task, unit_user, committee_user, commit):
        assert commit(services.task_urge, task=task, user=committee_user, today=TODAY) is True
        assert commit(services.task_urge, task=task, user=committee_user, today=TODAY) is False
        assert AuditEvent.objects.filter(action="task.urge").count() == 1
        assert Notification.objects.count() == 1
        assert commit(services.task_urge, task=task, user=committee_user, today=TODAY + timedelta(days=1))

    def test_a_task_on_track_is_not_urged(self, committee_user, reference_units):
        relaxed = TaskFactory(section__plan__year=TODAY.year, due_on=TODAY + timedelta(days=60))
        with pytest.raises(PermissionDenied):
            services.task_urge(task=relaxed, user=committee_user, today=TODAY)

    def test_button_and_second_press_through_the_client(self, client, task, unit_user, committee_user):
        detail = reverse("tasks:detail", args=[task.pk])
        urge = reverse("tasks:urge", args=[task.pk])
        client.force_login(unit_user)
        assert urge not in client.get(detail).content.decode()
        assert client.post(urge).status_code == 403
        client.force_login(committee_user)
        assert urge in client.get(detail).content.decode()
        first = client.post(urge, follow=True).content.decode()
        assert "已催办" in first
        second = client.post(urge, follow=True).content.decode()
        assert "今天已经催办过" in second
        assert AuditEvent.objects.filter(action="task.urge").count() == 1
        assert Task.objects.get(pk=task.pk).last_urged_on == TODAY
        assert "催办" in client.get(detail).content.decode()


def test_task_history_reads_closing_as_closing_by_whom_and_when(client, task, unit_user, committee_user):
    report = completion(task, unit_user, lambda service, **kw: service(**kw))
    client.force_login(committee_user)
    client.post(reverse("tasks:report_accept", args=[report.pk]))
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    history = html[html.index("办理记录") :]
    closed = only_event("task.close")
    assert f"{str(committee_user)} · <strong>销号</strong>" in history
    assert timezone.localtime(closed.at).strftime("%Y-%m-%d %H:%M") in history
    assert "已修改" not in history
    # Newest first: the closing before the report it closed on.
    assert history.index("销号") < history.index("提交进展报告")
    # A closed task shows no next deadline and no urge button.
    assert "下一时限" not in html
    assert reverse("tasks:urge", args=[task.pk]) not in html


def test_committee_sends_a_report_back_through_the_page(client, task, unit_user, committee_user):
    report = completion(task, unit_user, lambda service, **kw: service(**kw))
    client.force_login(committee_user)
    url = reverse("tasks:report_return", args=[report.pk])
    refused = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "请填写退回原因" in refused
    page = client.post(url, {"reason": "请补充照片"}, follow=True).content.decode()
    assert "已退回完成报告" in page
    assert "请补充照片" in page
    client.force_login(unit_user)
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_the_daily_digest_carries_workflow_notifications(task, unit_user, committee_user, commit):
    from fuzhou_lle.reminders.digest import digest_send

    unit_user.email = "liaison@example.cn"
    unit_user.save()
    report = completion(task, unit_user, commit)
    commit(services.report_return, report=report, user=committee_user, reason="缺少佐证材料")
    notification = Notification.objects.get()
    assert notification.digest.date == TODAY
    assert mail.outbox == []  # not at once: with the day's digest
    digest_send(user_id=unit_user.pk, day=TODAY)
    (email,) = mail.outbox
    assert email.to == ["liaison@example.cn"]
    assert "缺少佐证材料" in email.body
    assert "工作动态" in email.body
    notification.digest.refresh_from_db()
    assert notification.digest.status == "sent"
