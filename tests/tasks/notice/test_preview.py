"""What the reader was unsure of reaches staff, on the preview page and from the command line; nothing is
decided for them."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tasks.models import WorkPlan
from tests.tasks.notice.corpus import FIRST_LEADS, HEADERS_EMPTY_CATEGORY_PEOPLE, xlsx_task_table

pytestmark = pytest.mark.django_db

DOUBTFUL = """2025年某市终身教育工作要点
（责任单位中排在首位的为牵头单位，以下同）
一、重点工作
1.开展社区教育。（责任单位：市教育局、李明、0591-87654321）
2.开放学习资源。（牵头单位：各有关单位；配合单位：市终身教育促进委员会其他成员单位、各县（市）区）
"""


def preview(client, data, name):
    client.post(reverse("tasks:import"), {"file": SimpleUploadedFile(name, data)})
    return client.get(reverse("tasks:import_preview"))


def test_the_preview_states_the_convention_and_marks_each_doubt(client, committee_user):
    client.force_login(committee_user)
    response = preview(client, DOUBTFUL.encode("gb18030"), "2025.txt")
    html = response.content.decode()
    assert "按通知中的约定识别" in html and "第一个作为牵头单位" in html
    assert "“李明”像是人名，已作为责任领导，未作为单位，请核对。" in html
    assert "“0591-87654321”像是电话号码，未作为单位。" in html
    assert "1 个条目有存疑之处" in html
    # A group the portal cannot resolve is kept as written and said to be so; one it knows says what it means.
    assert "各有关单位（" in html and "未知统称，只保留原文，不对应具体单位" in html
    assert "市终身教育促进委员会其他成员单位（牵头单位以外的成员单位）" in html
    assert "各县（市）区（各县（市）区终身教育促进委员会）" in html
    assert not WorkPlan.objects.exists()


def test_a_column_it_cannot_place_is_reported_not_imported(client, committee_user):
    client.force_login(committee_user)
    data = xlsx_task_table(HEADERS_EMPTY_CATEGORY_PEOPLE.title, HEADERS_EMPTY_CATEGORY_PEOPLE.rows)
    html = preview(client, data, "清单.xlsx").content.decode()
    assert "表格中“督导组”一列无法判断内容，未导入，请核对原文。" in html
    assert "第一组" not in html.split("需要核对")[0]


def test_staff_correcting_an_items_units_settle_its_doubts(client, committee_user):
    from tests.tasks.test_views import preview_data

    client.force_login(committee_user)
    preview(client, DOUBTFUL.encode(), "2025.txt")
    assert client.get(reverse("tasks:import_preview")).context["items"].forms[0].initial["leaders"] == "李明"
    client.post(reverse("tasks:import_preview"), preview_data(client))  # applied unchanged: still doubted
    assert client.get(reverse("tasks:import_preview")).context["notice"].tasks[0].doubts
    corrected = preview_data(client, **{"item-0-lead": "市教育局、市民政局"})
    client.post(reverse("tasks:import_preview"), corrected)
    notice = client.get(reverse("tasks:import_preview")).context["notice"]
    assert (notice.tasks[0].lead_units, notice.tasks[0].doubts) == (["市教育局", "市民政局"], [])


def test_the_command_prints_the_convention_and_the_doubts(tmp_path, reference_units):
    path = tmp_path / "2025.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    out = StringIO()
    call_command("import_workplan", str(path), "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "按通知中的约定识别：通知写明排在首位的单位为牵头单位" in printed
    assert "存疑（开展社区教育）：“李明”像是人名" in printed


def test_the_first_leads_notice_imports_as_read(tmp_path, reference_units):
    path = tmp_path / "2023.txt"
    path.write_text(FIRST_LEADS.text, encoding="gb18030")
    call_command("import_workplan", str(path), "--create-units", stdout=StringIO())
    task = WorkPlan.objects.get(year=2023).tasks.get(title="完善联席会议制度")
    assert [link.unit.name for link in task.lead_links] == ["县教育局"]
    assert [unit.name for unit in task.supporting_units] == ["县民政局", "县财政局"]
