from io import StringIO

from django.core.management import call_command

from fuzhou_lle.accounts.demo import DEMO_USERS
from fuzhou_lle.accounts.models import User
from fuzhou_lle.reminders.models import Notification


def test_liaison_reads_notifications_and_chooses_in_app_only(page, login, transactional_db):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    username, password = DEMO_USERS[1][:2]  # the 市民政局 liaison
    for message in ["任务“开展老年教育”的时间节点将于12月10日到期", "任务“社区教育品牌”的时间节点已逾期"]:
        Notification.objects.create(
            recipient=User.objects.get(username=username), message=message, url="/my/"
        )

    # The demo's own history (a completion report accepted) has told the liaison something too.
    unread = Notification.objects.filter(recipient__username=username, read_at__isnull=True).count()
    assert unread == 3

    login(username, password)
    page.get_by_role("link", name=f"通知 {unread} 条未读").click()
    assert page.get_by_role("heading", name="站内通知").is_visible()
    assert page.get_by_text("将于12月10日到期").is_visible()
    assert page.get_by_text("完成报告已采纳，任务已销号").is_visible()
    page.get_by_role("button", name="全部标为已读").click()
    assert page.get_by_text(f"已将 {unread} 条通知标为已读。").is_visible()
    assert page.get_by_role("link", name="通知", exact=True).is_visible()

    page.get_by_role("link", name="提醒方式").click()
    page.get_by_label("仅站内通知").check()
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("提醒方式已保存：仅站内通知。").is_visible()
    assert User.objects.get(username=username).reminder_channel == "in_app"
