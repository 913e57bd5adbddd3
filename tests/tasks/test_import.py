import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fuzhou_lle.models import Unit
from tasks.models import Section, Task, TaskUnit, WorkPlan
from tasks.notice import parse_text
from tasks.services import workplan_import, workplan_preview
from tests.tasks.conftest import NOTICE_2015
from tests.tasks.notices import NUMBERED, docx_bytes

EXPECTED_2015 = NOTICE_2015.with_name("2015-fuzhou-lifelong-education-workplan.expected.json")
NAMED_UNITS = ["市教育局", "市民政局", "市社区大学", "市委宣传部", "市委组织部", "市人力资源和社会保障局",
               "市总工会", "市委老干部局", "市委农办", "市科技局", "市财政局"]  # fmt: skip

pytestmark = pytest.mark.django_db


class TestWorkplanImport:
    def test_creates_plan_sections_tasks_and_units(self, plan_2015):
        assert (plan_2015.year, plan_2015.title, plan_2015.issuer) == (
            2015,
            "2015年福州市终身教育工作要点",
            "福州市终身教育促进委员会",
        )
        assert plan_2015.issued_on.isoformat() == "2015-03-18"
        assert Section.objects.filter(plan=plan_2015).count() == 3
        assert Task.objects.filter(plan=plan_2015).count() == 13
        assert set(TaskUnit.objects.values_list("unit__name", flat=True)) == set(NAMED_UNITS)

    def test_default_due_date_is_the_31st_of_december(self, plan_2015):
        assert set(Task.objects.values_list("due_on", flat=True)) == {plan_2015.default_due_on}
        assert plan_2015.default_due_on.isoformat() == "2015-12-31"

    def test_units_and_flags_land_where_the_notice_says(self, plan_2015):
        task = Task.objects.get(title="加快推进老年教育发展")
        assert [u.name for u in task.lead_units] == ["市委老干部局", "市教育局"]
        assert (task.and_others, task.all_members_support, task.all_members_lead) == (True, True, False)
        collective = Task.objects.get(title="开放各类终身学习资源")
        assert collective.all_members_lead is True
        assert collective.task_units.count() == 0

    def test_reimport_updates_and_keeps_responsible_person(self, plan_2015, parsed_2015):
        link = TaskUnit.objects.get(task__title="加强终身教育队伍建设", unit__name="市民政局")
        link.responsible_person = "陈科长"
        link.save()
        counts = (
            WorkPlan.objects.count(),
            Section.objects.count(),
            Task.objects.count(),
            TaskUnit.objects.count(),
        )
        _plan, summary = workplan_import(parsed=parsed_2015, source_name="again.txt")
        assert (len(summary.created), len(summary.updated)) == (0, 13)
        assert counts == (
            WorkPlan.objects.count(),
            Section.objects.count(),
            Task.objects.count(),
            TaskUnit.objects.count(),
        )
        link.refresh_from_db()
        assert link.responsible_person == "陈科长"

    def test_reimport_drops_a_unit_the_notice_no_longer_names(self, plan_2015, parsed_2015):
        parsed_2015.tasks[1].lead_units.remove("市民政局")
        workplan_import(parsed=parsed_2015, source_name="edited.txt")
        task = Task.objects.get(title="加强终身教育队伍建设")
        assert [u.name for u in task.lead_units] == ["市教育局", "市社区大学"]

    def test_units_named_for_the_first_time_become_member_units(self, reference_units):
        parsed = parse_text(NUMBERED)
        assert workplan_preview(parsed=parsed).new_units == ["市文广新局", "市图书馆"]
        workplan_import(parsed=parsed, source_name="2016.txt")
        assert Unit.objects.get(name="市图书馆").kind == Unit.Kind.MEMBER
        assert Unit.objects.get(name="市文广新局").kind == Unit.Kind.MEMBER

    def test_item_without_bracket_is_imported_flagged(self, reference_units):
        workplan_import(parsed=parse_text(NUMBERED), source_name="2016.txt")
        task = Task.objects.get(title="开展全民终身学习活动周")
        assert task.needs_review is True
        assert task.task_units.count() == 0

    def test_duplicate_titles_are_refused_and_nothing_is_written(self, reference_units):
        parsed = parse_text(
            "2019年工作要点\n开展培训。一。（牵头单位：市教育局）\n开展培训。二。（牵头单位：市新单位）"
        )
        with pytest.raises(Exception, match="标题相同"):
            workplan_import(parsed=parsed, source_name="dup.txt")
        assert not WorkPlan.objects.exists()
        assert not Unit.objects.filter(name="市新单位").exists()

    def test_import_records_the_history_user(self, parsed_2015, committee_user):
        workplan_import(parsed=parsed_2015, source_name="x.txt", user=committee_user)
        task = Task.objects.first()
        assert task.history.first().history_user == committee_user


class TestImportCommand:
    def test_dry_run_json_prints_exactly_the_expected_json(self, reference_units):
        out = StringIO()
        call_command("import_workplan", str(NOTICE_2015), "--dry-run", "--json", stdout=out)
        assert out.getvalue().strip() == EXPECTED_2015.read_text(encoding="utf-8").strip()
        assert not WorkPlan.objects.exists()

    def test_imports_and_says_what_it_did(self, reference_units):
        out = StringIO()
        call_command("import_workplan", str(NOTICE_2015), stdout=out)
        assert "已新建 13 项，已更新 0 项，待核对 0 项" in out.getvalue()
        assert Task.objects.count() == 13

    def test_dry_run_says_what_it_would_do_and_writes_nothing(self, reference_units, tmp_path):
        path = tmp_path / "2016.txt"
        path.write_bytes(NUMBERED.encode("gb18030"))
        out = StringIO()
        call_command("import_workplan", str(path), "--dry-run", stdout=out)
        assert out.getvalue().splitlines() == [
            "《2016年福州市终身教育工作要点》（2016年）：将新建 5 项，将更新 0 项，待核对 1 项。",
            "将新建成员单位：市文广新局、市图书馆",
            "（试运行，未写入数据库）",
        ]
        assert not WorkPlan.objects.exists()
        assert not Unit.objects.filter(name="市图书馆").exists()

    def test_year_option(self, reference_units, tmp_path):
        path = tmp_path / "notice.docx"
        path.write_bytes(docx_bytes(NOTICE_2015.read_text(encoding="utf-8")))
        out = StringIO()
        call_command("import_workplan", str(path), "--year", "2016", "--json", stdout=out)
        assert json.loads(out.getvalue())["year"] == 2016
        assert WorkPlan.objects.get().year == 2016

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("garbage.txt", b"\x00\x01\x02\xff" * 50, "类型不受支持"),
            ("empty.txt", b"", "是空的"),
            ("notice.xls", "工作要点".encode(), "扩展名与内容不符"),
        ],
    )
    def test_unreadable_file_is_a_chinese_error_and_writes_nothing(
        self, reference_units, tmp_path, name, data, message
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CommandError, match=message):
            call_command("import_workplan", str(path), stdout=StringIO())
        assert not WorkPlan.objects.exists()

    def test_missing_file(self, reference_units):
        with pytest.raises(CommandError, match="无法读取文件"):
            call_command("import_workplan", str(Path("/nonexistent/notice.txt")), stdout=StringIO())
