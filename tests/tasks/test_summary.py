"""The annual summary (年度工作总结) as Word: downloaded by the committee, opened and read back."""

from io import BytesIO

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from docx.shared import Pt

from tasks.models import Task
from tasks.services import progress_report_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(client, plan_2015, committee_user, unit_user):
    task = Task.objects.get(title="加强终身教育队伍建设")
    progress_report_create(
        task=task, user=unit_user, kind="progress", text="骨干培训班已开班，参训126人。", percent=40
    )
    client.force_login(committee_user)
    response = client.get(reverse("tasks:summary") + "?year=2015")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return docx.Document(BytesIO(b"".join(response.streaming_content)))


def test_title_sections_tasks_status_and_progress(summary):
    texts = [p.text for p in summary.paragraphs]
    assert texts[0] == "2015年福州市终身教育工作总结"
    assert (
        texts[1]
        == f"（截至{timezone.localdate().year}年{timezone.localdate().month}月{timezone.localdate().day}日）"
    )
    assert "共部署任务13项" in texts[2] and "已逾期13项" in texts[2]
    assert texts[3] == "一、推进终身教育体制机制建设"
    assert texts[4] == "（一）完善终身教育运行机制"
    assert texts[5] == "牵头单位：市教育局"
    assert "四、各牵头单位任务完成情况统计" in texts
    team = texts.index("（二）加强终身教育队伍建设")
    assert texts[team + 1] == "牵头单位：市教育局、市民政局、市社区大学"
    assert texts[team + 3] == "完成情况：已逾期，完成时限 2015年12月31日"
    assert texts[team + 4].startswith("最新进展（市民政局，") and texts[team + 4].endswith(
        "骨干培训班已开班，参训126人。"
    )
    assert "最新进展：暂无进展报告。" in texts


def test_counts_per_unit_table(summary):
    table = summary.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["单位", "牵头任务", "已销号", "正常推进", "即将到期", "已逾期"]
    by_unit = {row[0]: row[1:] for row in rows[1:]}
    # 市民政局 leads 3 tasks by name and 3 through 市终身教育促进委员会各成员单位.
    assert by_unit["市民政局"] == ["6", "0", "0", "0", "6"]


def test_government_document_layout(summary):
    section = summary.sections[0]
    # Word stores lengths in twentieths of a point: compare to a tenth of a millimetre.
    lengths = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    lengths += [section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in lengths] == [210, 297, 37, 35, 28, 26]
    fonts = {p.text: (p.runs[0].font.name, p.runs[0].font.size) for p in summary.paragraphs if p.runs}
    assert fonts["一、推进终身教育体制机制建设"] == ("黑体", Pt(16))
    assert fonts["（一）完善终身教育运行机制"] == ("楷体", Pt(16))
    assert fonts["牵头单位：市教育局"] == ("仿宋", Pt(16))
    east_asian = (
        summary.paragraphs[5]
        .runs[0]
        ._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    )
    assert east_asian == "仿宋"
    assert "PAGE" in section.footer.paragraphs[0]._element.xml


@pytest.mark.parametrize("who", ["unit", "anonymous"])
def test_only_the_committee_downloads(client, plan_2015, unit_user, who):
    if who == "unit":
        client.force_login(unit_user)
    response = client.get(reverse("tasks:summary") + "?year=2015")
    assert response.status_code == (404 if who == "unit" else 302)


def test_the_plan_pages_link_to_it(client, plan_2015, committee_user):
    client.force_login(committee_user)
    page = client.get(reverse("tasks:dashboard") + "?year=2015").content.decode()
    assert f'href="{reverse("tasks:summary")}?year=2015"' in page
