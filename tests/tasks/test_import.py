import json
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.reminders.sweep import reminders_due
from fuzhou_lle.units.models import Unit, UnitAlias
from tasks.models import Milestone, Section, Task, TaskUnit, WorkPlan
from tasks.notice import parse_text
from tasks.services import NEW_UNIT, SKIP_UNIT, workplan_import, workplan_preview, workplan_publish
from tests.tasks.conftest import NOTICE_2015
from tests.tasks.notices import NUMBERED, docx_bytes, without_added_keys

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

    def test_unmatched_names_are_listed_and_nothing_is_written(self, reference_units):
        parsed = parse_text(NUMBERED)
        summary = workplan_preview(parsed=parsed)
        assert (summary.new_units, summary.unmatched) == ([], ["市文广新局", "市图书馆"])
        with pytest.raises(ValidationError, match="市文广新局、市图书馆"):
            workplan_import(parsed=parsed, source_name="2016.txt")
        assert not WorkPlan.objects.exists()
        assert not Unit.objects.filter(name__in=["市文广新局", "市图书馆"]).exists()

    def test_units_are_created_only_as_staff_resolve_them(self, reference_units):
        parsed = parse_text(NUMBERED)
        civil = Unit.objects.get(name="市民政局")
        workplan_import(
            parsed=parsed,
            source_name="2016.txt",
            resolutions={"市图书馆": NEW_UNIT, "市文广新局": str(civil.pk)},
        )
        assert Unit.objects.get(name="市图书馆").kind == Unit.Kind.MEMBER
        assert not Unit.objects.filter(name="市文广新局").exists()
        task = Task.objects.get(title="完善联席会议制度")
        assert [u.name for u in task.supporting_units] == ["市民政局"]

    def test_a_skipped_name_leaves_the_item_flagged_when_no_one_else_leads(self, reference_units):
        parsed = parse_text("2019年工作要点\n开展培训。全年培训。（牵头单位：市新单位；配合单位：市教育局）")
        workplan_import(parsed=parsed, source_name="x.txt", resolutions={"市新单位": SKIP_UNIT})
        task = Task.objects.get()
        assert task.needs_review is True
        assert [u.name for u in task.supporting_units] == ["市教育局"]
        assert not Unit.objects.filter(name="市新单位").exists()

    def test_item_without_bracket_is_imported_flagged(self, reference_units):
        workplan_import(parsed=parse_text(NUMBERED), source_name="2016.txt", create_units=True)
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

    def test_import_is_audited_with_the_importer(self, parsed_2015, committee_user):
        plan, _summary = workplan_import(parsed=parsed_2015, source_name="x.txt", user=committee_user)
        (event,) = AuditEvent.objects.about(plan)
        assert (event.action, event.actor) == ("plan.import", committee_user)
        assert event.note == "来源文件：x.txt；新建 13 项，更新 0 项；新建单位：无"
        assert event.changes == {"tasks": [0, 13]}

    def test_only_the_committee_imports(self, parsed_2015, unit_user):
        with pytest.raises(PermissionDenied):
            workplan_import(parsed=parsed_2015, source_name="x.txt", user=unit_user)
        assert not WorkPlan.objects.exists()


class TestImportCommand:
    def test_dry_run_json_prints_exactly_the_expected_json(self, reference_units):
        out = StringIO()
        call_command("import_workplan", str(NOTICE_2015), "--dry-run", "--json", stdout=out)
        printed = json.loads(out.getvalue())
        assert without_added_keys(printed) == json.loads(EXPECTED_2015.read_text(encoding="utf-8"))
        assert list(printed["sections"][0]["tasks"][0])[-4:] == [
            "collective_units",
            "leaders",
            "due",
            "number",
        ]
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
            "未匹配的单位：市文广新局",
            "未匹配的单位：市图书馆",
            "（试运行，未写入数据库）",
        ]
        assert not WorkPlan.objects.exists()
        assert not Unit.objects.filter(name="市图书馆").exists()

    def test_without_create_units_an_unmatched_name_writes_nothing(self, reference_units, tmp_path):
        path = tmp_path / "2016.txt"
        path.write_text(NUMBERED, encoding="utf-8")
        with pytest.raises(CommandError, match="市文广新局、市图书馆.*--create-units"):
            call_command("import_workplan", str(path), stdout=StringIO())
        assert not WorkPlan.objects.exists()

    def test_create_units_creates_them_and_the_plan_is_a_draft(self, reference_units, tmp_path):
        path = tmp_path / "2016.txt"
        path.write_text(NUMBERED, encoding="utf-8")
        out = StringIO()
        call_command("import_workplan", str(path), "--create-units", stdout=out)
        assert "已新建成员单位：市文广新局、市图书馆" in out.getvalue()
        assert WorkPlan.objects.get().is_draft
        assert AuditEvent.objects.get(action="plan.import").actor is None

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
            ("garbage.txt", b"\x00\x01\x02\xff" * 50, "无法识别文件"),
            ("empty.txt", b"", "是空的"),
            ("notice.pdf", b"%PDF-1.4 scanned", "扫描件（PDF、图片）无法识别文字"),
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


COLLECTIVE_PHRASES = [
    "各区、县级市",
    "各县（市）区",
    "各县（市、区）人民政府",
    "各乡镇（街道）",
    "各有关单位",
    "市直有关部门",
    "市终身教育促进委员会其他成员单位",
    "各项目牵头单位",
]


@pytest.mark.parametrize("phrase", COLLECTIVE_PHRASES)
def test_importing_a_collective_phrase_creates_no_unit(reference_units, phrase):
    units_before = set(Unit.objects.values_list("name", flat=True))
    parsed = parse_text(f"2025年工作要点\n开展培训。全年培训。（牵头单位：市教育局，{phrase}配合）")
    assert workplan_preview(parsed=parsed).unmatched == []
    workplan_import(parsed=parsed, source_name="x.txt", create_units=True)
    assert set(Unit.objects.values_list("name", flat=True)) == units_before
    task = Task.objects.get()
    assert task.collective_units == [{"name": phrase, "role": "support"}]
    assert phrase in task.support_label


def test_the_district_group_reaches_every_district_committee(reference_units):
    parsed = parse_text(
        "2025年工作要点\n指导社区教育。(牵头单位:市教育局,各区、县级市)\n培训。（市民政局牵头，各县（市）区配合）"
    )
    workplan_import(parsed=parsed, source_name="x.txt")
    led, supported = Task.objects.order_by("order")
    assert (led.districts_lead, supported.districts_support) == (True, True)
    gulou = Unit.objects.get(name="鼓楼区终身教育促进委员会")
    assert list(Task.objects.led_by(gulou)) == [led]
    assert set(Task.objects.for_unit(gulou)) == {led, supported}
    assert (led.role_of(gulou), supported.role_of(gulou)) == ("lead", "support")
    assert not Task.objects.for_unit(Unit.objects.get(name="市总工会")).exists()
    assert led.lead_label == "市教育局、各区、县级市"


def test_names_are_matched_by_alias_and_prefix_never_by_a_close_name(reference_units):
    matched = Unit.objects.matching(["市人社局", "教育局", "福州市民政局", "发改委", "市民政厅"])
    assert {name: unit.name for name, unit in matched.items()} == {
        "市人社局": "市人力资源和社会保障局",
        "教育局": "市教育局",
        "福州市民政局": "市民政局",
    }
    assert Unit.objects.get(name="市民政局") in Unit.objects.closest("市民政厅")


def test_an_alias_added_in_the_admin_is_used(reference_units):
    UnitAlias.objects.create(alias="老干局", name="市委老干部局")
    parsed = parse_text("2025年工作要点\n开展老年教育。（老干局牵头）")
    workplan_import(parsed=parsed, source_name="x.txt")
    assert [unit.name for unit in Task.objects.get().lead_units] == ["市委老干部局"]


def test_a_deadline_becomes_the_due_date_and_leaders_number_are_kept(reference_units):
    parsed = parse_text(
        "2025年工作要点\n1.开展培训。全年培训。\n牵头单位：市教育局\n责任领导：张三\n完成时限：6月30日前"
    )
    workplan_import(parsed=parsed, source_name="x.txt")
    task = Task.objects.get()
    assert (task.due_on, task.deadline_text, task.leaders, task.number) == (
        date(2025, 6, 30),
        "6月30日前",
        ["张三"],
        "1",
    )


def test_reminders_ignore_a_draft_until_it_is_published(draft_2015, unit_user):
    task = Task.objects.get(title="加强终身教育队伍建设")
    today = date(2015, 6, 1)
    Milestone.objects.create(task=task, title="开班", due_on=today + timedelta(days=3))
    assert [r for r in reminders_due(today=today) if r.recipient == unit_user] == []
    workplan_publish(plan=draft_2015, user=None)
    assert [r.recipient for r in reminders_due(today=today) if r.rule == "milestone_due_soon"] == [unit_user]
