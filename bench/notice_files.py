"""Reading notice files, measured: each file read by parse_file in a fresh process, as a web worker, the
command line or a Celery worker reads one (the same policy, NOTICE, bounds all three). Prints wall time,
peak memory and the outcome of each; asserts nothing.

    .venv/bin/python bench/notice_files.py

Real notices (the 2015 notice, the synthetic conventions in every file form) beside hostile ones (a merge over
a whole sheet, overlapping merges, a dense sheet just under the size limit, a sixteen-thousand-cell row,
text in the sheet's last row, twenty thousand paragraphs, a Word cell spanning a million columns)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuzhou_lle.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

# Run in the child: read one file, report time, peak memory and outcome as JSON.
CHILD = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from tasks.notice import NoticeError, parse_file
data = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    notice = parse_file(data, sys.argv[2])
    outcome = f"{{len(notice.tasks)}} items"
except NoticeError as error:
    outcome = "refused: " + str(error)[:60]
seconds = time.monotonic() - started
print(json.dumps({{"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}}))
"""


def dense_sheet(columns: int = 150, rows: int = 5000) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in range(rows):
        sheet.append([row * columns + column for column in range(columns)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def files() -> dict[str, tuple[bytes, str]]:
    import django

    django.setup()
    from tests.tasks.notice import hostile
    from tests.tasks.notice.corpus import CASES, forms

    notice = (ROOT / "tasks" / "data" / "2015-fuzhou-lifelong-education-workplan.txt").read_bytes()
    found = {"2015 notice (.txt)": (notice, "2015.txt")}
    for case in CASES[:4]:
        for form, make in forms(case).items():
            found[f"{case.name} ({form})"] = make()
    found.update(
        {
            "merge over a whole sheet": (hostile.merge_bomb(), "bomb.xlsx"),
            "1,500 overlapping merges": (hostile.overlapping_merges(), "overlap.xlsx"),
            "dense sheet 150 x 5,000": (dense_sheet(), "dense.xlsx"),
            "row of 16,000 cells": (hostile.wide_row(), "wide.xlsx"),
            "text in row 1,048,576": (hostile.far_cell(), "far.xlsx"),
            "20,010 paragraphs": (hostile.paragraphs(20_010), "long.docx"),
            "Word cell over 1,000,000 columns": (hostile.table_rows(3, span=1_000_000), "span.docx"),
            "Word table of 5,001 rows": (hostile.table_rows(5001), "rows.docx"),
        }
    )
    return found


def main() -> None:
    import tempfile

    print(f"{'file':45} {'KB':>8} {'s':>6} {'MB':>6}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name, (data, filename) in files().items():
            path = Path(folder) / filename
            path.write_bytes(data)
            result = subprocess.run(
                [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), filename],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
            if not lines:
                print(f"{name:45} failed: {result.stderr[-300:]}")
                continue
            figures = json.loads(lines[-1])
            print(
                f"{name:45} {len(data) / 1024:8.0f} {figures['seconds']:6.2f} {figures['rss_mb']:6.0f}  "
                f"{figures['outcome']}"
            )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
