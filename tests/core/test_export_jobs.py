"""Large exports are written by a worker: the request queues a job and answers with its page, which shows
the progress and then the download; small ones are still sent at once. Only the person who asked sees the
job; a failure is shown, not hidden; beat's housekeeping requeues lost jobs and deletes old ones."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.exports import services
from fuzhou_lle.exports.models import ExportJob
from fuzhou_lle.exports.services import Spreadsheet, export_queue, export_run, exporter, exports_tidy
from fuzhou_lle.nominations.workflow import Status
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.nominations import private_storage_dir  # noqa: F401 (fixture)
from tests.tasks.factories import TaskFactory, WorkPlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage_dir", "celery_eager")]

SEEN_MID_EXPORT = []


@exporter
def numbers_export(params, progress):
    """A test export of `rows` numbered rows, noting the job's recorded progress half-way."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数字")
    for n in range(1, params["rows"] + 1):
        sheet.append([n])
        progress(n)
        if n == params["rows"] // 2:
            SEEN_MID_EXPORT.append(ExportJob.objects.get().rows_done)
    return Spreadsheet("数字.xlsx", workbook)


@exporter
def broken_export(params, progress):
    raise RuntimeError("the database went away")


def not_an_export(params, progress):
    return Spreadsheet("x.xlsx", Workbook())


def sheet_rows(content) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def download(client, job) -> bytes:
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


@pytest.fixture
def big_plan():
    plan = WorkPlanFactory(year=2015)
    for n in range(5):
        TaskFactory(section__plan=plan, title=f"任务{n}")
    return plan


def test_a_small_ledger_is_sent_at_once(client, committee_user, big_plan, settings):
    settings.EXPORT_INLINE_ROWS = 5
    client.force_login(committee_user)
    response = client.get(reverse("tasks:ledger"), {"year": 2015})
    assert response["Content-Disposition"].startswith("attachment")
    assert not ExportJob.objects.exists()


def test_a_large_ledger_becomes_a_job_with_progress_and_a_download(
    client, committee_user, big_plan, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_ROWS = 4
    client.force_login(committee_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("tasks:ledger"), {"year": 2015})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.owner, job.rows_total, job.state) == (committee_user, 5, ExportJob.State.DONE)
    assert job.filename.startswith("2015年工作要点台账-")

    page = client.get(job.get_absolute_url())
    assert "2015年工作要点台账" in page.content.decode()
    assert reverse("exports:download", args=[job.pk]) in page.content.decode()
    rows = sheet_rows(download(client, job))
    assert [row[2] for row in rows[2:]] == [f"任务{n}" for n in range(5)]
    assert job.title in client.get(reverse("exports:list")).content.decode()


def test_the_job_writes_headings_in_the_language_it_was_asked_in(
    client, committee_user, big_plan, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_ROWS = 1
    client.force_login(committee_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/en" + reverse("tasks:ledger"), {"year": 2015})
    job = ExportJob.objects.get()
    assert job.language == "en"
    assert sheet_rows(download(client, job))[1][:3] == ("No.", "Section", "Task")


def test_large_ranking_and_audit_exports_are_jobs_with_every_row(
    client, committee_user, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_ROWS = 2
    round_ = RoundFactory()
    for n in range(3):
        BrandNominationFactory(round=round_, name=f"=品牌{n}", status=Status.UNDER_REVIEW)
        audit_record(
            actor=committee_user, action="unit.rename", label="改名", target=committee_user, note=f"第{n}次"
        )
    client.force_login(committee_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("brands:ranking", args=[round_.pk]), {"format": "xlsx"})
        client.get(reverse("audit_log"), {"format": "xlsx", "action": "unit.rename"})
    ranking, audit = ExportJob.objects.order_by("pk")
    names = sorted(row[1] for row in sheet_rows(download(client, ranking))[1:])
    assert names == ["'=品牌0", "'=品牌1", "'=品牌2"]  # whole, and never a formula
    notes = [row[7] for row in sheet_rows(download(client, audit))[1:]]
    assert notes == ["第2次", "第1次", "第0次"]


def test_progress_is_recorded_while_the_job_runs(committee_user, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_SECONDS", 0)
    SEEN_MID_EXPORT.clear()
    job = export_queue(committee_user, numbers_export, {"rows": 10}, rows=10, title="数字")
    export_run(job.pk)
    assert SEEN_MID_EXPORT == [5]
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.percent) == (ExportJob.State.DONE, 10, 100)


def test_a_running_job_page_polls_and_a_finished_one_stops(client, committee_user):
    job = ExportJob.objects.create(
        owner=committee_user, title="数字", builder="x", rows_total=8, rows_done=2, state="running"
    )
    client.force_login(committee_user)
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and 'value="25"' in fragment
    assert "<html" not in fragment
    ExportJob.objects.filter(pk=job.pk).update(
        state="done", file="exports/exportjob/x.xlsx", finished_at=timezone.now()
    )
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and reverse("exports:download", args=[job.pk]) in fragment


def test_a_failed_job_says_so_and_offers_no_file(client, committee_user):
    job = export_queue(committee_user, broken_export, {}, rows=10, title="坏的")
    export_run(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED and not job.file
    client.force_login(committee_user)
    assert "文件生成失败" in client.get(job.get_absolute_url()).content.decode()
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_only_marked_exporters_run_and_each_job_runs_once(committee_user):
    with pytest.raises(ValueError):
        export_queue(committee_user, not_an_export, {}, rows=10, title="x")
    forged = ExportJob.objects.create(owner=committee_user, title="x", builder="os.getcwd", rows_total=1)
    assert export_run(forged.pk).state == ExportJob.State.FAILED
    job = export_queue(committee_user, numbers_export, {"rows": 1}, rows=1, title="数字")
    SEEN_MID_EXPORT.clear()
    assert export_run(job.pk).state == ExportJob.State.DONE
    assert export_run(job.pk) is None


def test_nobody_else_sees_or_downloads_a_job(client, committee_user, unit_user):
    job = export_queue(committee_user, numbers_export, {"rows": 2}, rows=2, title="委员会的数字")
    SEEN_MID_EXPORT.clear()
    export_run(job.pk)
    client.force_login(unit_user)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert "委员会的数字" not in client.get(reverse("exports:list")).content.decode()


def test_housekeeping_requeues_lost_jobs_fails_dead_ones_and_deletes_old_ones(committee_user, settings):
    now = timezone.now()
    builder = f"{__name__}.numbers_export"
    lost = ExportJob.objects.create(
        owner=committee_user, title="x", builder=builder, params={"rows": 1}, rows_total=1
    )
    dead = ExportJob.objects.create(
        owner=committee_user, title="x", builder="x", rows_total=1, state="running", started_at=now
    )
    old = ExportJob.objects.create(
        owner=committee_user,
        title="x",
        builder="x",
        rows_total=1,
        state="done",
        file=ContentFile(b"PK", "old.xlsx"),
        finished_at=now,
    )
    ExportJob.objects.filter(pk=lost.pk).update(created_at=now - timedelta(minutes=6))
    ExportJob.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=settings.EXPORT_KEEP_DAYS + 1))
    storage = old.file.storage
    SEEN_MID_EXPORT.clear()
    tidied = exports_tidy(now + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1))
    assert (tidied.requeued, tidied.failed, tidied.removed) == (1, 1, 1)
    assert ExportJob.objects.get(pk=lost.pk).state == ExportJob.State.DONE
    assert ExportJob.objects.get(pk=dead.pk).state == ExportJob.State.FAILED
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert not storage.exists(old.file.name)
