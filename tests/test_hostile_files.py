"""The hostile-file corpus (tests/hostile_files.py) through every way a spreadsheet or document is read: the
notice import form, the timetable import form and the `import_workplan` command. Each file is refused in
Chinese in under 5 seconds, with memory bounded: the web forms' requests are watched for the memory they add
to this process, the command runs in a fresh process whose own peak is read from the kernel."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Offering, Textbook
from fuzhou_lle.files.uploads import EVIDENCE, REPORT_EVIDENCE, TEXTBOOK, XLSX, check_upload
from tasks.models import WorkPlan
from tests.hostile_files import documents, workbooks

pytestmark = pytest.mark.django_db

SECONDS = 5
# A fresh Python with Django loaded is about 100 MB; the corpus must leave it far below this.
PROCESS_MB = 500
# What one refused file may add to a test process (the census keeps counts, nothing more).
ADDED_MB = 100
PAGE = os.sysconf("SC_PAGE_SIZE")
REFUSED = ("已拒绝", "无法打开", "过大", "过多")


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


class PeakMemory:
    """The most this process held while the block ran, sampled every few milliseconds (C allocations too,
    which tracemalloc does not see)."""

    def __enter__(self):
        self.before = self.peak = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())

    @property
    def added(self) -> float:
        return self.peak - self.before


def _refused_quickly(post, name, content):
    started = time.monotonic()
    with PeakMemory() as memory:
        html = post(SimpleUploadedFile(name, content)).content.decode()
    seconds = time.monotonic() - started
    problems = []
    if seconds >= SECONDS:
        problems.append(f"took {seconds:.1f} s")
    if memory.added >= ADDED_MB:
        problems.append(f"added {memory.added:.0f} MB")
    if not any(word in html for word in REFUSED):
        problems.append("was not refused")
    return problems


CORPUS = [(what, "xlsx", content) for what, content in workbooks().items()] + [
    (what, "docx", content) for what, content in documents().items()
]


@pytest.mark.parametrize(("what", "extension", "content"), CORPUS, ids=[what for what, _e, _c in CORPUS])
def test_the_notice_form_refuses_it(client, committee_user, what, extension, content):
    client.force_login(committee_user)
    client.get(reverse("tasks:import"))  # the page's own first-use costs are not the file's

    def post(file):
        return client.post(reverse("tasks:import"), {"file": file})

    assert _refused_quickly(post, f"通知.{extension}", content) == []
    assert "tasks_import" not in client.session
    assert not WorkPlan.objects.exists()


WORKBOOKS = [(what, content) for what, extension, content in CORPUS if extension == "xlsx"]


@pytest.mark.parametrize(("what", "content"), WORKBOOKS, ids=[what for what, _c in WORKBOOKS])
def test_the_timetable_form_refuses_it(client, district_user, what, content):
    client.force_login(district_user)
    client.get(reverse("courses:import"))

    def post(file):
        return client.post(reverse("courses:import"), {"sheet": file})

    assert _refused_quickly(post, "课表.xlsx", content) == []
    assert not Offering.objects.exists()


def test_the_command_refuses_each_in_a_process_that_stays_small(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile_files", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    results = [json.loads(line) for line in output.decode().splitlines()]
    assert [result["what"] for result in results] == [what for what, _e, _c in CORPUS]
    slow = [f"{r['what']}: {r['seconds']:.1f} s" for r in results if r["seconds"] >= SECONDS]
    accepted = [r["what"] for r in results if not r["refusal"] or not any(w in r["refusal"] for w in REFUSED)]
    assert (slow, accepted) == ([], [])
    assert usage.ru_maxrss / 1024 < PROCESS_MB  # kilobytes on Linux


STORED = {
    "证明.docx": documents()["billion laughs"],
    "台账.xlsx": workbooks()["external entity in a part nobody reads"],
}


@pytest.mark.parametrize("policy", [EVIDENCE, REPORT_EVIDENCE, TEXTBOOK], ids=lambda policy: policy.name)
@pytest.mark.parametrize("name", list(STORED))
def test_a_file_with_a_dtd_is_not_stored_even_when_nothing_parses_it(policy, name):
    if name.endswith(".xlsx") and XLSX not in policy.kinds:
        pytest.skip("the policy takes no spreadsheets")
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, STORED[name]), policy)
    assert error.value.messages == [
        f"文件“{name}”含有不允许的 XML 声明（DTD 或实体），可能是恶意文件，已拒绝。"
    ]


def test_the_textbook_form_refuses_a_word_file_with_a_dtd(client, district_user):
    client.force_login(district_user)
    data = {"title": "太极拳教程", "authors": "林伟英", "kind": "self"}
    data["file"] = SimpleUploadedFile("教程.docx", STORED["证明.docx"])
    html = client.post(reverse("courses:propose", args=["textbook"]), data).content.decode()
    assert "含有不允许的 XML 声明" in html
    assert not Textbook.objects.exists()


def test_a_full_load_is_allowed_fewer_cells_than_streaming():
    from fuzhou_lle.files.uploads import NOTICE, open_workbook
    from tests.hostile_files import _cells, _sheet

    data = _sheet("<sheetData>", _cells(2_400, 25), "</sheetData>")  # 60,000 cells
    assert open_workbook(SimpleUploadedFile("表.xlsx", data), NOTICE).worksheets  # streamed
    with pytest.raises(ValidationError, match="单元格过多（超过 50,000 个）"):
        open_workbook(SimpleUploadedFile("表.xlsx", data), NOTICE, read_only=False)
