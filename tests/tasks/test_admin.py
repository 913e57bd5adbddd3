import pytest
from django.urls import reverse

from tests.tasks.factories import MilestoneFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["workplan", "section", "task", "milestone", "progressreport"])
def test_committee_staff_use_the_admin_in_chinese(client, admin_user, model):
    report = ProgressReportFactory()
    MilestoneFactory(task=report.task)
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:tasks_{model}_changelist"))
    assert response.status_code == 200
    assert "工作要点督办" in response.content.decode()


def test_progress_reports_are_read_only_in_the_admin(client, admin_user):
    report = ProgressReportFactory()
    client.force_login(admin_user)
    assert client.get(reverse("admin:tasks_progressreport_add")).status_code == 403
    assert client.get(reverse("admin:tasks_progressreport_delete", args=[report.pk])).status_code == 403
    response = client.post(reverse("admin:tasks_progressreport_change", args=[report.pk]), {"text": "改"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.text == "已召开专题会议部署。"


def test_task_history_page(client, admin_user):
    milestone = MilestoneFactory()
    client.force_login(admin_user)
    assert client.get(reverse("admin:tasks_task_history", args=[milestone.task_id])).status_code == 200
