"""衔接上年度 and the story of an item over the years, through the pages."""

from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from tasks.carryover.services import plan_carryover_save
from tasks.models import Task
from tests.tasks.carryover.conftest import task

pytestmark = pytest.mark.django_db


def carryover_url(year=2016):
    return reverse("tasks:carryover", args=[year])


class TestCarryoverPage:
    def test_only_the_committee_sees_it(self, client, unit_user, district_user, draft_2016):
        assert client.get(carryover_url()).status_code == 302  # to sign in
        for user in (unit_user, district_user):
            client.force_login(user)
            assert client.get(carryover_url()).status_code == 404

    def test_suggests_the_close_titles_and_marks_them_unsaved(self, client, committee_user, draft_2016):
        client.force_login(committee_user)
        response = client.get(carryover_url())
        assert response.status_code == 200
        form = response.context["form"]
        chosen = {form[f"task_{t.pk}"].initial: t.title for t in draft_2016.tasks.all()}
        old = task(2015, "完善终身教育运行机制")
        assert chosen[str(old.pk)] == "进一步完善终身教育运行机制"
        assert chosen[str(task(2015, "加强终身教育队伍建设").pk)] == "继续加强终身教育队伍建设"
        assert chosen[""] == "开展社区教育志愿服务"
        html = response.content.decode()
        assert html.count("建议，待确认") == 2
        assert "相似度 100%" in html
        assert not Task.objects.filter(continues__isnull=False).exists()  # nothing until staff confirm

    def test_saving_confirms_the_links(self, client, committee_user, draft_2016):
        client.force_login(committee_user)
        new, old = task(2016, "进一步完善终身教育运行机制"), task(2015, "完善终身教育运行机制")
        data = {f"task_{t.pk}": "" for t in draft_2016.tasks.all()} | {f"task_{new.pk}": str(old.pk)}
        response = client.post(carryover_url(), data)
        assert response.status_code == 302
        new.refresh_from_db()
        assert new.continues == old
        page = client.get(carryover_url()).content.decode()
        assert "已衔接" in page
        assert "2015年未完成、尚未衔接的任务（12 项）" in page

    def test_a_choice_not_offered_is_refused_in_chinese(self, client, committee_user, draft_2016):
        client.force_login(committee_user)
        new = task(2016, "开展社区教育志愿服务")
        response = client.post(carryover_url(), {f"task_{new.pk}": "999999"})
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
        assert not Task.objects.filter(continues__isnull=False).exists()

    def test_without_an_earlier_plan_it_says_so(self, client, committee_user, plan_2015):
        client.force_login(committee_user)
        response = client.get(carryover_url(2015))
        assert "2015年以前没有导入过工作要点" in response.content.decode()

    def test_an_unknown_year_is_a_404(self, client, committee_user, plan_2015):
        client.force_login(committee_user)
        assert client.get(carryover_url(2099)).status_code == 404

    def test_the_import_says_last_years_unfinished_tasks_can_be_carried_on(
        self, client, committee_user, plan_2015
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.tasks.carryover.conftest import NOTICE_2016

        client.force_login(committee_user)
        client.post(reverse("tasks:import"), {"file": SimpleUploadedFile("2016.txt", NOTICE_2016.encode())})
        response = client.post(
            reverse("tasks:import_preview"),
            {"item-TOTAL_FORMS": 3, "item-INITIAL_FORMS": 3, "action": "import"}
            | {
                f"item-{i}-{field}": value
                for i, (title, lead) in enumerate(
                    [
                        ("进一步完善终身教育运行机制", "市教育局"),
                        ("继续加强终身教育队伍建设", "市教育局、市民政局"),
                        ("开展社区教育志愿服务", "市民政局"),
                    ]
                )
                for field, value in {"title": title, "lead": lead}.items()
            },
            follow=True,
        )
        assert "2015年有 13 项未完成的任务，可在“衔接上年度”中与本年度任务衔接" in response.content.decode()


@pytest.fixture
def carried(committee_user, plan_2016):
    new, old = task(2016, "进一步完善终身教育运行机制"), task(2015, "完善终身教育运行机制")
    plan_carryover_save(plan=plan_2016, links={new.pk: old.pk}, user=committee_user)
    return new, old


class TestTheStoryOverTheYears:
    def test_the_task_page_carries_last_years_milestones(self, client, unit_user, carried):
        from tests.tasks.factories import MilestoneFactory

        new, old = carried
        MilestoneFactory(task=old, title="召开联席会议", due_on=old.due_on)
        client.force_login(unit_user)
        html = client.get(new.get_absolute_url()).content.decode()
        assert "历年情况" in html
        assert "当年未完成，转入下一年度" in html
        assert "召开联席会议" in html
        assert old.get_absolute_url() in html
        # and the earlier task points forward
        assert "办理中" in client.get(old.get_absolute_url()).content.decode()

    def test_the_public_plan_shows_the_years_without_links(self, client, carried):
        html = client.get(reverse("tasks:overview"), {"year": 2016}).content.decode()
        assert "历年情况：2015（未完成） → 2016（本年度）" in html
        assert "{#" not in html and "comment" not in html

    def test_a_draft_year_is_no_part_of_the_public_story(self, client, committee_user, plan_2015, draft_2016):
        new, old = task(2016, "进一步完善终身教育运行机制"), task(2015, "完善终身教育运行机制")
        plan_carryover_save(plan=draft_2016, links={new.pk: old.pk}, user=committee_user)
        assert "历年情况" not in client.get(reverse("tasks:overview"), {"year": 2015}).content.decode()

    def test_the_dashboard(self, client, committee_user, carried):
        client.force_login(committee_user)
        html = client.get(reverse("tasks:dashboard"), {"year": 2016}).content.decode()
        assert "本年度有 1 项任务延续以前年度的任务。" in html
        assert "2015年未完成的 13 项任务中，1 项已衔接到本年度。" in html
        assert 'name="since"' in html

    def test_the_ledger_over_several_years(self, client, unit_user, carried):
        client.force_login(unit_user)
        response = client.get(reverse("tasks:ledger"), {"year": 2016, "since": 2015})
        sheet = openpyxl.load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=1, values_only=True))
        assert rows[0][0].startswith("2015—2016年工作要点 工作台账")
        assert rows[1][0] == "年度" and rows[1][-1] == "历年情况"
        assert [row[0] for row in rows[2:]] == [2015] * 13 + [2016] * 3
        story = "2015年：未完成 → 2016年：办理中"
        assert [
            row[-1] for row in rows[2:] if row[3] in ("完善终身教育运行机制", "进一步完善终身教育运行机制")
        ] == [
            story,
            story,
        ]

    @pytest.mark.parametrize("since", ["", "abc", "²⁰¹⁵", "99999999999999999999", "2999"])
    def test_a_since_that_names_no_earlier_year_gives_one_years_ledger(
        self, client, unit_user, carried, since
    ):
        client.force_login(unit_user)
        response = client.get(reverse("tasks:ledger"), {"year": 2016, "since": since})
        sheet = openpyxl.load_workbook(BytesIO(response.content)).active
        assert sheet["A2"].value == "序号"
        assert sheet.max_row == 2 + 3
