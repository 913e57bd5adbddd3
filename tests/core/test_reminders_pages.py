"""The reminder pages: notifications, my deadlines, reminder preference, the "who was reminded" partial."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fuzhou_lle.accounts.models import User
from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.reminders.models import Notification
from fuzhou_lle.reminders.sweep import reminders_sweep
from fuzhou_lle.units.models import District

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

PAGES = ["notifications", "my_deadlines", "reminder_preference"]


def notify(user, n=1, url="/plan/"):
    return [Notification.objects.create(recipient=user, message=f"测试通知{i}", url=url) for i in range(n)]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_pages_are_served_to_every_signed_in_user(client, unit_user, name):
    client.force_login(unit_user)
    assert client.get(reverse(name)).status_code == 200


class TestNotifications:
    def test_lists_only_my_own_notifications(self, client, unit_user, other_unit_user):
        notify(unit_user)
        Notification.objects.create(recipient=other_unit_user, message="别人的通知")
        client.force_login(unit_user)
        html = client.get(reverse("notifications")).content.decode()
        assert "测试通知0" in html
        assert "别人的通知" not in html

    def test_header_shows_the_unread_count(self, client, unit_user):
        notify(unit_user, 3)
        client.force_login(unit_user)
        html = client.get(reverse("home")).content.decode()
        assert (
            '<span class="badge text-bg-warning">3 <span class="visually-hidden">条未读</span></span>' in html
        )

    def test_header_has_no_badge_when_all_is_read(self, client, unit_user):
        client.force_login(unit_user)
        assert "条未读" not in client.get(reverse("home")).content.decode()

    def test_page_costs_the_same_queries_for_few_and_many(self, client, unit_user):
        client.force_login(unit_user)
        notify(unit_user, 2)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("notifications"))
        notify(unit_user, 40)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("notifications"))
        assert len(few) == len(many)

    def test_mark_read(self, client, unit_user):
        (notification,) = notify(unit_user)
        client.force_login(unit_user)
        response = client.post(reverse("notification_read", args=[notification.pk]))
        assert response["Location"] == reverse("notifications")
        notification.refresh_from_db()
        assert notification.read_at is not None

    def test_open_marks_read_and_goes_to_the_object(self, client, unit_user):
        (notification,) = notify(unit_user, url="/plan/tasks/3/")
        client.force_login(unit_user)
        response = client.post(reverse("notification_read", args=[notification.pk]), {"open": "1"})
        assert response["Location"] == "/plan/tasks/3/"
        assert Notification.objects.unread().count() == 0

    def test_open_never_leaves_the_site(self, client, unit_user):
        (notification,) = notify(unit_user, url="https://evil.example.com/")
        client.force_login(unit_user)
        response = client.post(reverse("notification_read", args=[notification.pk]), {"open": "1"})
        assert response["Location"] == reverse("notifications")

    def test_someone_elses_notification_is_not_found(self, client, unit_user, other_unit_user):
        (notification,) = notify(other_unit_user)
        client.force_login(unit_user)
        assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None

    @pytest.mark.parametrize("name", ["notifications_read_all", "notification_read"])
    def test_marking_is_post_only(self, client, unit_user, name):
        (notification,) = notify(unit_user)
        client.force_login(unit_user)
        args = [notification.pk] if name == "notification_read" else []
        assert client.get(reverse(name, args=args)).status_code == 405

    def test_mark_all_read_touches_only_mine(self, client, unit_user, other_unit_user):
        notify(unit_user, 3)
        notify(other_unit_user, 2)
        client.force_login(unit_user)
        response = client.post(reverse("notifications_read_all"), follow=True)
        assert "已将 3 条通知标为已读。" in response.content.decode()
        assert Notification.objects.for_user(unit_user).unread().count() == 0
        assert Notification.objects.for_user(other_unit_user).unread().count() == 2


class TestPreference:
    def test_choose_in_app_only(self, client, unit_user):
        client.force_login(unit_user)
        response = client.post(reverse("reminder_preference"), {"reminder_channel": "in_app"}, follow=True)
        assert "提醒方式已保存：仅站内通知。" in response.content.decode()
        unit_user.refresh_from_db()
        assert unit_user.reminder_channel == User.ReminderChannel.IN_APP
        (event,) = AuditEvent.objects.about(unit_user).filter(action="user.update")
        assert event.actor == unit_user
        assert event.changes == {"reminder_channel": ["邮件和站内通知", "仅站内通知"]}

    def test_bad_choice_is_refused_in_chinese_and_nothing_saved(self, client, unit_user):
        client.force_login(unit_user)
        response = client.post(reverse("reminder_preference"), {"reminder_channel": "sms"})
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
        unit_user.refresh_from_db()
        assert unit_user.reminder_channel == User.ReminderChannel.EMAIL

    def test_database_refuses_an_unknown_channel(self, unit_user):
        from django.db import IntegrityError

        with pytest.raises(IntegrityError):
            User.objects.filter(pk=unit_user.pk).update(reminder_channel="sms")


class TestMyDeadlines:
    def test_shows_what_is_coming_within_30_days_and_what_was_sent(
        self, client, deadlines, unit_user, other_unit_user, django_capture_on_commit_callbacks
    ):
        today = timezone.localdate()
        gulou, taijiang, cangshan, mawei = (
            District.objects.get(name=name) for name in ["鼓楼区", "台江区", "仓山区", "马尾区"]
        )
        deadlines[gulou] = (today + timedelta(days=2), [unit_user])
        deadlines[taijiang] = (today + timedelta(days=26), [unit_user])
        deadlines[cangshan] = (today + timedelta(days=45), [unit_user])
        deadlines[mawei] = (today + timedelta(days=5), [other_unit_user])
        with django_capture_on_commit_callbacks(execute=True):
            reminders_sweep(today=today)
        client.force_login(unit_user)
        html = client.get(reverse("my_deadlines")).content.decode()
        upcoming, recent = html.split("最近 30 天已发给您的提醒")
        assert "鼓楼区的测试事项" in upcoming
        assert "台江区的测试事项" in upcoming
        assert "26 天" in upcoming
        assert "仓山区" not in html
        assert "马尾区" not in html
        assert "鼓楼区的测试事项" in recent
        assert "已发邮件" in recent
        assert "台江区" not in recent

    def test_overdue_shows_how_late(self, client, deadlines, unit_user):
        deadlines[District.objects.get(name="鼓楼区")] = (
            timezone.localdate() - timedelta(days=4),
            [unit_user],
        )
        client.force_login(unit_user)
        assert "逾期 4 天" in client.get(reverse("my_deadlines")).content.decode()


def test_reminded_partial_says_who_was_reminded_when(deadlines, unit_user, other_unit_user):
    gulou = District.objects.get(name="鼓楼区")
    other_unit_user.reminder_channel = User.ReminderChannel.IN_APP
    other_unit_user.save()
    deadlines[gulou] = (date(2026, 12, 10), [unit_user, other_unit_user])
    reminders_sweep(today=date(2026, 12, 7))
    reminders_sweep(today=date(2026, 12, 14))
    html = Template("{% load reminder_tags %}{% reminded target %}").render(Context({"target": gulou}))
    assert html.count(f"{unit_user}（市民政局）") == 2
    assert html.count(f"{other_unit_user}（市总工会）") == 2
    assert "2026年12月10日 · 提前 3 天" in html
    assert "2026年12月10日 · 逾期提醒" in html
    assert "待发送" in html  # the email is queued after the sweep commits
    assert "仅站内通知" in html


def test_reminded_partial_says_when_nobody_was(reference_units):
    html = Template("{% load reminder_tags %}{% reminded target %}").render(
        Context({"target": District.objects.get(name="鼓楼区")})
    )
    assert "尚未发出提醒。" in html
