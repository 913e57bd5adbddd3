"""Every page through the test client: anonymous → login, wrong user → 403/404, right user → 200."""

import os
import zipfile
from datetime import date, timedelta
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone

from fuzhou_lle.audit.models import AuditEvent
from fuzhou_lle.units.models import Unit
from tasks.models import Evidence, Milestone, ProgressReport, Task, WorkPlan, private_storage
from tasks.services import progress_report_create
from tests.tasks.conftest import NOTICE_2015
from tests.tasks.factories import MilestoneFactory, ProgressReportFactory, TaskFactory
from tests.tasks.notices import NUMBERED, docx_bytes, table_docx_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


@pytest.fixture
def people(committee_user, unit_user, other_unit_user, district_user):
    return {
        "anonymous": None,
        "committee": committee_user,
        "lead": unit_user,
        "support": other_unit_user,
        "other": district_user,
    }


@pytest.fixture
def task(reference_units):
    today = timezone.localdate()
    return TaskFactory(
        section__plan__year=today.year,
        leads=[Unit.objects.get(name="市民政局")],
        supports=[Unit.objects.get(name="市总工会")],
    )


@pytest.fixture
def milestone(task):
    return MilestoneFactory(task=task, due_on=timezone.localdate() + timedelta(days=20))


@pytest.fixture
def evidence(task, unit_user):
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    report = progress_report_create(
        task=task, user=unit_user, kind="progress", text="已部署", percent=10, files=[upload]
    )
    return report.evidence.get()


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def pages(task, milestone, evidence):
    # (name, method, url, {persona: status})
    logged_in = {"anonymous": 302, "committee": 200, "lead": 200, "support": 200, "other": 200}
    committee_only = {"anonymous": 302, "committee": 200, "lead": 403, "support": 403, "other": 403}
    committee_post = {"anonymous": 302, "committee": 302, "lead": 403, "support": 403, "other": 403}
    # Pages only the committee has are not there for anyone else.
    committee_page = {"anonymous": 302, "committee": 200, "lead": 404, "support": 404, "other": 404}
    committee_step = {"anonymous": 302, "committee": 302, "lead": 404, "support": 404, "other": 404}
    return [
        ("overview", "get", reverse("tasks:overview"), dict.fromkeys(logged_in, 200)),
        ("list", "get", reverse("tasks:list"), logged_in),
        ("mine", "get", reverse("tasks:mine"), logged_in),
        ("detail", "get", reverse("tasks:detail", args=[task.pk]), logged_in),
        ("dashboard", "get", reverse("tasks:dashboard"), logged_in),
        ("ledger", "get", reverse("tasks:ledger"), logged_in),
        ("bulletin", "get", reverse("tasks:bulletin"), logged_in),
        (
            "report",
            "get",
            reverse("tasks:report", args=[task.pk]),
            {"anonymous": 302, "committee": 403, "lead": 200, "support": 200, "other": 403},
        ),
        (
            "milestone_create",
            "get",
            reverse("tasks:milestone_create", args=[task.pk]),
            {"anonymous": 302, "committee": 200, "lead": 200, "support": 403, "other": 403},
        ),
        ("milestone_edit", "get", reverse("tasks:milestone_edit", args=[milestone.pk]), committee_only),
        ("milestone_done", "post", reverse("tasks:milestone_done", args=[milestone.pk]), committee_post),
        ("milestone_decide", "post", reverse("tasks:milestone_decide", args=[milestone.pk]), committee_post),
        ("report_accept", "post", reverse("tasks:report_accept", args=[evidence.report_id]), committee_post),
        ("import", "get", reverse("tasks:import"), committee_page),
        ("import_preview", "get", reverse("tasks:import_preview"), committee_step),
        (
            "evidence",
            "get",
            evidence.get_absolute_url(),
            {"anonymous": 302, "committee": 200, "lead": 200, "support": 200, "other": 404},
        ),
    ]


PAGE_NAMES = [
    "overview", "list", "mine", "detail", "dashboard", "ledger", "bulletin", "report",
    "milestone_create", "milestone_edit", "milestone_done", "milestone_decide", "report_accept", "import",
    "import_preview", "evidence",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_route_reverses_and_resolves(name, task, milestone, evidence):
    _name, _method, url, _expected = next(row for row in pages(task, milestone, evidence) if row[0] == name)
    assert resolve(url.split("?")[0]).view_name == f"tasks:{name}"


@pytest.mark.parametrize("persona", ["anonymous", "committee", "lead", "support", "other"])
@pytest.mark.parametrize("page", PAGE_NAMES)
def test_page_access_matrix(client, people, task, milestone, evidence, page, persona):
    _name, method, url, expected = next(row for row in pages(task, milestone, evidence) if row[0] == page)
    response = getattr(as_user(client, people[persona]), method)(url)
    assert response.status_code == expected[persona]
    if expected[persona] == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


class TestOverview:
    def test_public_overview_lists_sections_tasks_leads_and_status(self, client, plan_2015):
        html = client.get(reverse("tasks:overview")).content.decode()
        assert "2015年福州市终身教育工作要点" in html
        assert "推进终身教育体制机制建设" in html
        assert "市委老干部局、市教育局等" in html
        assert "已逾期" in html  # 2015's tasks are long past 31 December 2015
        assert reverse("tasks:detail", args=[Task.objects.first().pk]) not in html

    def test_without_plan_says_so(self, client, db):
        assert "尚未发布年度工作要点" in client.get(reverse("tasks:overview")).content.decode()

    def test_unknown_year_is_404(self, client, plan_2015):
        assert client.get(reverse("tasks:overview"), {"year": "1999"}).status_code == 404

    def test_public_nav_links_to_the_overview(self, client, db):
        assert f'href="{reverse("tasks:overview")}"' in client.get("/").content.decode()


class TestTaskList:
    @pytest.fixture
    def listing(self, client, committee_user, plan_2015):
        client.force_login(committee_user)
        return lambda **params: client.get(reverse("tasks:list"), {"year": 2015, **params}).context["page"]

    def test_lists_every_task(self, listing):
        assert len(listing()) == 13

    def test_filters_by_section(self, listing, plan_2015):
        section = plan_2015.sections.get(title="推进终身教育体制机制建设")
        assert [t.title for t in listing(section=section.pk)] == [
            "完善终身教育运行机制",
            "加强终身教育队伍建设",
            "发挥终身教育激励机制",
        ]

    def test_filters_by_unit_including_collective_phrases(self, listing):
        unit = Unit.objects.get(name="市总工会")
        # named in one task, and every other task reaches it through a collective phrase
        assert len(listing(unit=unit.pk)) == 13
        district = Unit.objects.district_committees().first()
        assert listing(unit=district.pk).paginator.count == 13  # not a member: the filter refuses it

    def test_filters_by_status(self, listing):
        task = Task.objects.get(title="加大终身学习宣传力度")
        report = ProgressReportFactory(task=task, kind=ProgressReport.Kind.COMPLETION)
        task.close(report=report, by=report.author, on=date(2015, 12, 1))
        assert [t.title for t in listing(status="done")] == ["加大终身学习宣传力度"]
        assert len(listing(status="overdue")) == 12


class TestMyTasks:
    def test_shows_named_and_collective_tasks_with_role(self, client, unit_user, plan_2015):
        client.force_login(unit_user)
        rows = client.get(reverse("tasks:mine"), {"year": 2015}).context["rows"]
        roles = {task.title: role for task, role in rows}
        assert len(roles) == 13
        assert roles["加强终身教育队伍建设"] == "lead"
        assert roles["开放各类终身学习资源"] == "lead"
        assert roles["完善终身教育运行机制"] == "support"

    def test_district_has_none(self, client, district_user, plan_2015):
        client.force_login(district_user)
        response = client.get(reverse("tasks:mine"))
        assert response.context["rows"] == []
        assert "没有任务" in response.content.decode()


class TestReportForm:
    def test_lead_reports_with_evidence(self, client, unit_user, task):
        client.force_login(unit_user)
        files = [
            SimpleUploadedFile("纪要.pdf", PDF),
            SimpleUploadedFile("照片.png", PNG),
            SimpleUploadedFile("台账.xlsx", xlsx_bytes()),
            SimpleUploadedFile("方案.docx", docx_bytes("方案")),
        ]
        response = client.post(
            reverse("tasks:report", args=[task.pk]),
            {"kind": "progress", "text": "召开专题会议", "percent": 40, "files": files},
        )
        report = ProgressReport.objects.get()
        assert response.status_code == 302
        assert (report.unit.name, report.author, report.percent) == ("市民政局", unit_user, 40)
        assert [(e.name, e.content_type) for e in report.evidence.all()] == [
            ("纪要.pdf", "application/pdf"),
            ("照片.png", "image/png"),
            ("台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("方案.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ]
        # Stored under generated names: what people call their files never reaches the disk.
        assert [e.file.name.rsplit(".", 1)[1] for e in report.evidence.all()] == [
            "pdf",
            "png",
            "xlsx",
            "docx",
        ]
        assert not any(e.name.rsplit(".", 1)[0] in e.file.name for e in report.evidence.all())

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"kind": "progress", "text": "", "percent": 10}, "请填写进展情况"),
            ({"kind": "progress", "text": "x", "percent": 101}, "完成进度不能超过100%"),
            ({"kind": "progress", "text": "x", "percent": -1}, "完成进度不能小于0"),
            ({"kind": "support", "text": "x", "percent": 1}, "选择一个有效的选项"),
            (
                {"kind": "progress", "text": "x", "percent": 1, "files": "exe"},
                "的类型不受支持：只接受 JPG、PNG、PDF、DOCX、XLSX 文件",
            ),
            ({"kind": "progress", "text": "x", "percent": 1, "files": "big"}, "超过 10 MB"),
        ],
    )
    def test_bad_input_saves_nothing_and_says_why_in_chinese(self, client, unit_user, task, data, message):
        client.force_login(unit_user)
        if data.get("files") == "exe":
            data["files"] = [SimpleUploadedFile("假的.pdf", b"MZ\x90\x00" + b"\x00" * 200)]
        elif data.get("files") == "big":
            data["files"] = [SimpleUploadedFile("大.pdf", PDF + b"0" * (10 * 1024 * 1024))]
        response = client.post(reverse("tasks:report", args=[task.pk]), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not ProgressReport.objects.exists()
        assert not Evidence.objects.exists()

    def test_office_file_with_its_parts_late_in_the_archive_is_recognised(self, client, unit_user, task):
        output = BytesIO()
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr(
                "aaa/padding.bin", os.urandom(20000)
            )  # pushes the Word parts past the first 8 KB
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        client.force_login(unit_user)
        client.post(
            reverse("tasks:report", args=[task.pk]),
            {
                "kind": "progress",
                "text": "x",
                "percent": 1,
                "files": [SimpleUploadedFile("wps.docx", output.getvalue())],
            },
        )
        assert Evidence.objects.get().content_type.endswith("wordprocessingml.document")

    def test_zip_that_is_not_office_is_refused(self, client, unit_user, task):
        output = BytesIO()
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr("readme.txt", "hello")
        client.force_login(unit_user)
        response = client.post(
            reverse("tasks:report", args=[task.pk]),
            {
                "kind": "progress",
                "text": "x",
                "percent": 1,
                "files": [SimpleUploadedFile("a.docx", output.getvalue())],
            },
        )
        assert "的类型不受支持：只接受 JPG、PNG、PDF、DOCX、XLSX 文件" in response.content.decode()
        assert not ProgressReport.objects.exists()

    def test_supporting_unit_may_only_add_supporting_report(self, client, other_unit_user, task):
        client.force_login(other_unit_user)
        form = client.get(reverse("tasks:report", args=[task.pk])).context["form"]
        assert [value for value, _label in form.fields["kind"].choices] == ["support"]


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "台账"
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


class TestEvidence:
    def test_field_uses_the_private_storage(self, settings):
        field = Evidence._meta.get_field("file")
        assert field._storage_callable is private_storage
        assert private_storage().location == str(settings.STORAGES["private"]["OPTIONS"]["location"])
        assert not private_storage().location.startswith(str(settings.MEDIA_ROOT))

    def test_is_served_to_the_task_units(self, client, other_unit_user, evidence):
        client.force_login(other_unit_user)
        response = client.get(evidence.get_absolute_url())
        assert b"".join(response.streaming_content) == PDF
        assert "attachment" in response["Content-Disposition"]


class TestMilestones:
    def test_committee_adds_an_approved_milestone(self, client, committee_user, task):
        client.force_login(committee_user)
        response = client.post(
            reverse("tasks:milestone_create", args=[task.pk]), {"title": "第一季度", "due_on": "2026-03-31"}
        )
        assert response.status_code == 302
        assert Milestone.objects.get().state == Milestone.State.APPROVED

    def test_lead_unit_proposes_and_committee_approves(self, client, unit_user, committee_user, task):
        client.force_login(unit_user)
        client.post(
            reverse("tasks:milestone_create", args=[task.pk]), {"title": "完成培训", "due_on": "2026-06-30"}
        )
        milestone = Milestone.objects.get()
        assert milestone.state == Milestone.State.PROPOSED
        assert client.post(reverse("tasks:milestone_decide", args=[milestone.pk])).status_code == 403
        client.force_login(committee_user)
        client.post(reverse("tasks:milestone_decide", args=[milestone.pk]), {"decision": "approve"})
        milestone.refresh_from_db()
        assert milestone.state == Milestone.State.APPROVED

    def test_bad_date_is_refused_in_chinese(self, client, committee_user, task):
        client.force_login(committee_user)
        response = client.post(
            reverse("tasks:milestone_create", args=[task.pk]), {"title": "", "due_on": "明年"}
        )
        html = response.content.decode()
        assert "请填写节点内容" in html
        assert "日期格式应为 2026-11-30" in html
        assert not Milestone.objects.exists()

    def test_committee_edits_and_marks_done(self, client, committee_user, milestone):
        client.force_login(committee_user)
        client.post(
            reverse("tasks:milestone_edit", args=[milestone.pk]), {"title": "改期", "due_on": "2026-12-01"}
        )
        client.post(reverse("tasks:milestone_done", args=[milestone.pk]))
        milestone.refresh_from_db()
        assert (milestone.title, milestone.due_on, milestone.done_on) == (
            "改期",
            date(2026, 12, 1),
            timezone.localdate(),
        )
        detail = client.get(reverse("tasks:detail", args=[milestone.task_id])).content.decode()
        assert "办理记录" in detail
        assert "修改时间节点" in detail
        assert "标记完成" in detail
        assert detail.count("改期") >= 2


class TestClosing:
    def test_committee_accepts_completion_report(self, client, unit_user, committee_user, task):
        report = progress_report_create(
            task=task, user=unit_user, kind="completion", text="全部完成", percent=100
        )
        client.force_login(unit_user)
        assert client.post(reverse("tasks:report_accept", args=[report.pk])).status_code == 403
        client.force_login(committee_user)
        client.post(reverse("tasks:report_accept", args=[report.pk]))
        task.refresh_from_db()
        assert (task.closed_on, task.closed_by, task.closing_report) == (
            timezone.localdate(),
            committee_user,
            report,
        )
        client.force_login(unit_user)
        assert client.get(reverse("tasks:report", args=[task.pk])).status_code == 403

    def test_progress_report_cannot_close(self, client, unit_user, committee_user, task):
        report = progress_report_create(task=task, user=unit_user, kind="progress", text="进行中", percent=50)
        client.force_login(committee_user)
        response = client.post(reverse("tasks:report_accept", args=[report.pk]), follow=True)
        assert "只能依据本任务牵头单位提交的完成报告销号" in response.content.decode()
        task.refresh_from_db()
        assert task.closed_on is None


class TestClosedTask:
    """A 销号 task reads as closed: no next deadline and no milestone actions, on the page or by POST."""

    @pytest.fixture
    def closed(self, unit_user, committee_user, task):
        open_milestone = MilestoneFactory(
            task=task, title="年底总结", due_on=timezone.localdate() - timedelta(days=3)
        )
        proposed = MilestoneFactory(task=task, title="补充培训", state=Milestone.State.PROPOSED)
        report = progress_report_create(
            task=task, user=unit_user, kind="completion", text="全部完成", percent=100
        )
        task.close(report=report, by=committee_user, on=timezone.localdate())
        return open_milestone, proposed

    def test_page_shows_no_next_deadline_and_no_milestone_actions(self, client, committee_user, task, closed):
        client.force_login(committee_user)
        html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
        assert "下一时限" not in html
        for action in ["标记完成", "添加时间节点", "采纳", "修改</a>"]:
            assert action not in html
        assert "销号时未完成" in html
        assert "已逾期" not in html

    def test_open_task_still_offers_the_actions(self, client, committee_user, task, milestone):
        client.force_login(committee_user)
        html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
        assert "下一时限" in html
        assert "标记完成" in html
        assert "添加时间节点" in html

    def test_milestone_actions_are_refused_and_change_nothing(
        self, client, committee_user, unit_user, task, closed
    ):
        open_milestone, proposed = closed
        client.force_login(committee_user)
        requests = [
            ("tasks:milestone_done", open_milestone.pk, {}),
            ("tasks:milestone_edit", open_milestone.pk, {"title": "改期", "due_on": "2026-12-31"}),
            ("tasks:milestone_decide", proposed.pk, {"decision": "approve"}),
            ("tasks:milestone_create", task.pk, {"title": "新节点", "due_on": "2026-12-31"}),
        ]
        for name, pk, data in requests:
            assert client.post(reverse(name, args=[pk]), data).status_code == 403, name
        client.force_login(unit_user)
        assert (
            client.post(reverse("tasks:milestone_create", args=[task.pk]), {"title": "x"}).status_code == 403
        )
        open_milestone.refresh_from_db()
        proposed.refresh_from_db()
        assert (open_milestone.title, open_milestone.done_on) == ("年底总结", None)
        assert proposed.state == Milestone.State.PROPOSED
        assert task.milestones.count() == 2


def preview_data(client, action="apply", **changes):
    """The preview form as the page renders it, with `changes` ({"item-0-lead": …}) applied."""
    response = client.get(reverse("tasks:import_preview"))
    formset = response.context["items"]
    data = {"action": action, **{f"item-{k}": v for k, v in formset.management_form.initial.items()}}
    for form in formset.forms:
        for name in form.fields:
            if name != "DELETE":
                data[form.add_prefix(name)] = form.initial.get(name, "")
    data.update(changes)
    return data


class TestWebImport:
    def upload(self, client, data, name, **extra):
        return client.post(reverse("tasks:import"), {"file": SimpleUploadedFile(name, data), **extra})

    def test_preview_then_import_as_a_draft(self, client, committee_user):
        client.force_login(committee_user)
        response = self.upload(client, NOTICE_2015.read_bytes(), NOTICE_2015.name)
        assert response["Location"] == reverse("tasks:import_preview")
        preview = client.get(response["Location"])
        html = preview.content.decode()
        assert "新建 13 项，更新 0 项，待核对 0 项" in html
        assert ">市委老干部局、市教育局等</textarea>" in html
        assert not WorkPlan.objects.exists()
        response = client.post(reverse("tasks:import_preview"), preview_data(client, "import"))
        assert response.status_code == 302
        assert Task.objects.count() == 13
        plan = WorkPlan.objects.get()
        assert (plan.imported_by, plan.is_draft) == (committee_user, True)
        assert AuditEvent.objects.get(action="plan.import").actor == committee_user
        assert client.get(reverse("tasks:import_preview")).status_code == 302  # nothing pending any more

    def test_preview_shows_units_groups_leaders_deadlines_and_flags(self, client, committee_user):
        client.force_login(committee_user)
        self.upload(client, table_docx_bytes(), "分解表.docx")
        html = client.get(reverse("tasks:import_preview")).content.decode()
        assert ">市教育局、市人社局</textarea>" in html  # 市人社局 is matched through its alias
        assert "市人社局 → 市人力资源和社会保障局" in html
        assert "统称：各县（市、区）人民政府" in html
        assert 'value="张三"' in html
        assert "2027-03-31" in html
        assert "未能识别的内容" in html and "注：各单位每季度末报送进展情况。" in html
        # An alias naming a unit the portal lacks leaves the name unmatched, flagged for staff to resolve.
        assert "未匹配：市卫健委" in html
        assert "个单位名称未能匹配" in html

    def test_staff_fix_an_item_and_resolve_names_then_import(self, client, committee_user):
        client.force_login(committee_user)
        self.upload(client, NUMBERED.encode("gb18030"), "2016.txt")
        summary = client.get(reverse("tasks:import_preview")).context["summary"]
        assert summary.unmatched == ["市文广新局", "市图书馆"]
        civil = Unit.objects.get(name="市民政局")
        # The item without a unit gets one typed in; 市图书馆 becomes a unit; 市文广新局 is 市民政局.
        data = preview_data(
            client, **{"item-3-lead": "市总工会牵头，各有关单位配合", "item-3-leaders": "张三"}
        )
        data.update({"unit-name_0": str(civil.pk), "unit-name_1": "new"})
        response = client.post(reverse("tasks:import_preview"), data)
        assert response.status_code == 302
        preview = client.get(reverse("tasks:import_preview"))
        assert "新建 5 项，更新 0 项，待核对 0 项" in preview.content.decode()
        assert not WorkPlan.objects.exists()  # applying corrections writes nothing
        client.post(reverse("tasks:import_preview"), preview_data(client, "import"))
        task = Task.objects.get(title="开展全民终身学习活动周")
        assert ([u.name for u in task.lead_units], task.collective_support, task.leaders) == (
            ["市总工会"],
            ["各有关单位"],
            ["张三"],
        )
        assert Unit.objects.filter(name="市图书馆").exists()
        assert not Unit.objects.filter(name="市文广新局").exists()

    def test_importing_with_undecided_names_writes_nothing_and_says_which(self, client, committee_user):
        client.force_login(committee_user)
        self.upload(client, NUMBERED.encode("utf-8"), "2016.txt")
        response = client.post(reverse("tasks:import_preview"), preview_data(client, "import"), follow=True)
        assert "未能匹配到已有单位" in response.content.decode()
        assert "市文广新局、市图书馆" in response.content.decode()
        assert not WorkPlan.objects.exists()

    def test_deleting_a_misread_item(self, client, committee_user):
        client.force_login(committee_user)
        self.upload(client, NOTICE_2015.read_bytes(), NOTICE_2015.name)
        client.post(reverse("tasks:import_preview"), preview_data(client, **{"item-0-DELETE": "on"}))
        assert (
            client.get(reverse("tasks:import_preview")).context["summary"].created[0]
            == "加强终身教育队伍建设"
        )

    def test_reupload_previews_updates_and_flags(self, client, committee_user):
        client.force_login(committee_user)
        self.upload(client, docx_bytes(NUMBERED), "2016.docx")
        client.post(
            reverse("tasks:import_preview"),
            {**preview_data(client, "import"), "unit-name_0": "new", "unit-name_1": "new"},
        )
        self.upload(client, NUMBERED.encode("gb18030"), "2016.txt")
        html = client.get(reverse("tasks:import_preview")).content.decode()
        assert "新建 0 项，更新 5 项，待核对 1 项" in html
        assert "无牵头单位，待核对" in html

    @pytest.mark.parametrize(
        ("data", "name", "message"),
        [
            (b"\x00\x01binary", "x.txt", "只接受 TXT、DOCX、XLSX 文件"),
            (b"", "empty.txt", "提交的是空文件"),
            (PDF, "scan.pdf", "扫描件（PDF、图片）无法识别文字"),
            (PNG, "scan.png", "扫描件（PDF、图片）无法识别文字"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc", "另存为 .docx"),
            ("工作要点\n开展培训。（牵头单位：市教育局）".encode(), "x.txt", "无法从通知中识别年度"),
        ],
    )
    def test_bad_file_is_refused_in_chinese_and_nothing_is_kept(
        self, client, committee_user, data, name, message, monkeypatch
    ):
        monkeypatch.setattr("tasks.notice.reading.shutil.which", lambda name: None)  # no LibreOffice here
        client.force_login(committee_user)
        response = self.upload(client, data, name)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "tasks_import" not in client.session
        assert not WorkPlan.objects.exists()

    def test_year_field_supplies_a_missing_year(self, client, committee_user):
        client.force_login(committee_user)
        self.upload(client, "工作要点\n开展培训。（牵头单位：市教育局）".encode(), "x.txt", year=2020)
        client.post(reverse("tasks:import_preview"), preview_data(client, "import"))
        assert WorkPlan.objects.get().year == 2020

    def test_a_long_breakdown_table_can_be_corrected_in_one_post(self, client, committee_user):
        items = "\n".join(f"开展第{n}项培训。全年培训。（牵头单位：市教育局）" for n in range(1, 301))
        client.force_login(committee_user)
        self.upload(client, f"2025年工作要点\n{items}".encode(), "long.txt")
        response = client.post(reverse("tasks:import_preview"), preview_data(client, "import"))
        assert response.status_code == 302
        assert Task.objects.count() == 300

    def test_only_the_committee_previews(self, client, unit_user):
        client.force_login(unit_user)
        assert client.get(reverse("tasks:import_preview")).status_code == 404


class TestDraftAndPublish:
    def test_a_draft_is_the_committees_only(self, client, draft_2015, committee_user, unit_user):
        task = Task.objects.filter(plan=draft_2015).first()
        for url in (reverse("tasks:overview"), reverse("home")):
            assert "2015年福州市终身教育工作要点" not in client.get(url).content.decode()
        client.force_login(unit_user)
        assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 404
        assert client.get(reverse("tasks:list") + "?year=2015").status_code == 404
        assert "加强终身教育队伍建设" not in client.get(reverse("tasks:mine")).content.decode()
        client.force_login(committee_user)
        page = client.get(reverse("tasks:list") + "?year=2015").content.decode()
        assert "是草稿" in page and "加强终身教育队伍建设" in page
        # The button is a verb in English, though 发布 is also the "Published" column of other lists.
        page = client.get("/en" + reverse("tasks:list") + "?year=2015").content.decode()
        assert 'type="submit">Publish</button>' in page

    def test_publishing_shows_it_everywhere_and_is_recorded(
        self, client, draft_2015, committee_user, unit_user
    ):
        client.force_login(committee_user)
        response = client.post(reverse("tasks:publish", args=[2015]))
        assert response.status_code == 302
        draft_2015.refresh_from_db()
        assert (draft_2015.is_draft, draft_2015.published_by) == (False, committee_user)
        event = AuditEvent.objects.get(action="plan.publish")
        assert (event.actor, event.target_repr) == (committee_user, "2015年福州市终身教育工作要点")
        client.logout()
        assert "2015年福州市终身教育工作要点" in client.get(reverse("tasks:overview")).content.decode()
        client.force_login(unit_user)
        assert "加强终身教育队伍建设" in client.get(reverse("tasks:mine")).content.decode()

    def test_publishing_twice_says_so(self, client, plan_2015, committee_user):
        client.force_login(committee_user)
        response = client.post(reverse("tasks:publish", args=[2015]), follow=True)
        assert "已经发布" in response.content.decode()
        assert not AuditEvent.objects.filter(action="plan.publish", actor=committee_user).exists()

    @pytest.mark.parametrize("who", ["anonymous", "unit"])
    def test_only_the_committee_publishes(self, client, draft_2015, unit_user, who):
        if who == "unit":
            client.force_login(unit_user)
        response = client.post(reverse("tasks:publish", args=[2015]))
        assert response.status_code == (302 if who == "anonymous" else 404)
        draft_2015.refresh_from_db()
        assert draft_2015.is_draft


class TestLedger:
    def test_one_row_per_task_in_chinese(self, client, committee_user, unit_user, plan_2015):
        task = Task.objects.get(title="加强终身教育队伍建设")
        MilestoneFactory(
            task=task, title="举办骨干培训班", due_on=date(2015, 6, 30), done_on=date(2015, 6, 20)
        )
        progress_report_create(task=task, user=unit_user, kind="progress", text="已举办两期", percent=60)
        client.force_login(committee_user)
        response = client.get(reverse("tasks:ledger"))
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet = openpyxl.load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert rows[0] == (
            "序号",
            "部分",
            "任务",
            "牵头单位",
            "配合单位",
            "时间节点",
            "最新进展",
            "状态",
            "历年情况",
        )
        assert len(rows) == 1 + 13
        row = next(r for r in rows if r[2] == "加强终身教育队伍建设")
        assert row[1] == "推进终身教育体制机制建设"
        assert row[3] == "市教育局、市民政局、市社区大学"
        assert row[4] == "市终身教育促进委员会其他成员单位"
        assert row[5] == "2015-06-30 举办骨干培训班（已完成 2015-06-20）"
        assert row[6].endswith("市民政局：已举办两期（60%）")
        assert row[7] == "已逾期"

    def test_without_plan_is_404(self, client, committee_user):
        client.force_login(committee_user)
        assert client.get(reverse("tasks:ledger")).status_code == 404


class TestDashboard:
    def test_counts_and_chart_data(self, client, committee_user, unit_user, task, milestone):
        TaskFactory(section=task.section, all_members_lead=True)
        progress_report_create(task=task, user=unit_user, kind="completion", text="完成", percent=100)
        client.force_login(committee_user)
        response = client.get(reverse("tasks:dashboard"))
        statistics = response.context["statistics"]
        assert statistics["total"] == 2
        minzheng = next(row for row in statistics["by_unit"] if row["unit"] == "市民政局")
        assert minzheng["on_track"] == 2  # named on one, a member unit on the other
        html = response.content.decode()
        assert 'id="tasks-chart-data"' in html
        assert "chart.umd.min" in html
        assert "待销号的完成报告" in html
        assert "<script>" not in html.replace('<script id="tasks-chart-data" type="application/json">', "")


class TestBulletin:
    def test_month_shows_due_milestones_reports_and_print_button(
        self, client, committee_user, unit_user, task
    ):
        today = timezone.localdate()
        MilestoneFactory(task=task, title="本月节点", due_on=today.replace(day=1))
        progress_report_create(task=task, user=unit_user, kind="progress", text="本月进展", percent=30)
        client.force_login(committee_user)
        html = client.get(reverse("tasks:bulletin"), {"month": f"{today:%Y-%m}"}).content.decode()
        assert "本月节点" in html
        assert "本月进展" in html
        assert "data-print" in html
        assert "css/tasks-print." in html

    def test_other_month_is_empty(self, client, committee_user, task):
        client.force_login(committee_user)
        html = client.get(reverse("tasks:bulletin"), {"month": "2000-01"}).content.decode()
        assert "本月没有到期的时间节点" in html

    def test_bad_month_falls_back_with_a_message(self, client, committee_user, task):
        client.force_login(committee_user)
        response = client.get(reverse("tasks:bulletin"), {"month": "十一月"})
        assert "月份格式应为 2026-11" in response.content.decode()


class TestResponsiblePerson:
    def link(self, task, name):
        return task.task_units.get(unit__name=name)

    def test_lead_unit_names_its_own_responsible_person(self, client, unit_user, task):
        client.force_login(unit_user)
        link = self.link(task, "市民政局")
        assert (
            reverse("tasks:responsible", args=[link.pk])
            in client.get(task.get_absolute_url()).content.decode()
        )
        response = client.post(reverse("tasks:responsible", args=[link.pk]), {"responsible_person": "陈科长"})
        assert response.status_code == 302
        link.refresh_from_db()
        assert link.responsible_person == "陈科长"
        assert "（责任人：陈科长）" in client.get(task.get_absolute_url()).content.decode()

    def test_other_units_may_not(self, client, other_unit_user, task):
        client.force_login(other_unit_user)
        link = self.link(task, "市民政局")
        assert (
            client.post(reverse("tasks:responsible", args=[link.pk]), {"responsible_person": "x"}).status_code
            == 403
        )

    def test_supporting_link_has_no_responsible_person(self, client, committee_user, task):
        client.force_login(committee_user)
        assert (
            client.get(reverse("tasks:responsible", args=[self.link(task, "市总工会").pk])).status_code == 404
        )

    def test_too_long_name_is_refused_in_chinese(self, client, committee_user, task):
        client.force_login(committee_user)
        link = self.link(task, "市民政局")
        response = client.post(
            reverse("tasks:responsible", args=[link.pk]), {"responsible_person": "长" * 51}
        )
        assert "姓名不能超过50个字" in response.content.decode()
        link.refresh_from_db()
        assert link.responsible_person == ""


class TestLedgerLook:
    def test_keeps_its_title_header_wrapping_widths_and_frozen_header(
        self, client, committee_user, plan_2015
    ):
        client.force_login(committee_user)
        sheet = openpyxl.load_workbook(BytesIO(client.get(reverse("tasks:ledger")).content)).active
        assert sheet.title == "工作台账"
        assert (sheet["A1"].font.b, sheet["A1"].font.sz) == (True, 14)
        assert all(cell.font.b for cell in sheet[2])
        body = [cell for row in sheet.iter_rows(min_row=3) for cell in row]
        assert len(body) == 13 * 9
        assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in body)
        assert [sheet.column_dimensions[c].width for c in "ABCDEFGHI"] == [6, 22, 30, 30, 24, 40, 50, 10, 30]
        assert sheet.freeze_panes == "A3"

    def test_styles_are_named_once_not_one_per_cell(self, client, committee_user, plan_2015):
        client.force_login(committee_user)
        workbook = openpyxl.load_workbook(BytesIO(client.get(reverse("tasks:ledger")).content))
        assert {"ledger_title", "ledger_header", "ledger_row"} <= set(workbook.named_styles)
        assert {cell.style for row in workbook.active.iter_rows(min_row=3) for cell in row} == {"ledger_row"}

    def test_shows_each_tasks_newest_report_only(self, client, committee_user, unit_user, plan_2015):
        task = Task.objects.get(title="加强终身教育队伍建设")
        for text in ("第一次报告", "第二次报告"):
            progress_report_create(task=task, user=unit_user, kind="progress", text=text, percent=30)
        client.force_login(committee_user)
        sheet = openpyxl.load_workbook(BytesIO(client.get(reverse("tasks:ledger")).content)).active
        row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[2] == task.title)
        assert row[6].endswith("市民政局：第二次报告（30%）")
