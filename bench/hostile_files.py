"""`python bench/hostile_files.py`: how fast each file of the hostile corpus (tests/hostile_files.py) is
refused, and the peak memory of a fresh process doing it. Prints figures; asserts nothing (the suite
asserts the bounds: under 5 s, under 500 MB). Each file is opened in its own process with the notice
policy, the way the import form and `import_workplan` open it, so no file's memory counts against another.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPEN = """
import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuzhou_lle.settings")
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from fuzhou_lle.files.uploads import NOTICE, open_docx, open_workbook
path = sys.argv[1]
opener = open_docx if path.endswith(".docx") else open_workbook
data = open(path, "rb").read()
started = time.monotonic()
try:
    opener(SimpleUploadedFile(os.path.basename(path), data), NOTICE)
    verdict = "ACCEPTED"
except ValidationError as error:
    verdict = error.messages[0][:60]
print(f"{time.monotonic() - started:.3f}\\t{verdict}")
"""


def main():
    from tests.hostile_files import documents, workbooks

    corpus = [(what, "xlsx", data) for what, data in workbooks().items()]
    corpus += [(what, "docx", data) for what, data in documents().items()]
    env = {**os.environ, "DJANGO_DEBUG": "1", "PYTHONPATH": str(ROOT)}
    print(f"{'file':<44} {'size':>8} {'refused in':>10} {'peak MB':>8}  why")
    with tempfile.TemporaryDirectory() as folder:
        for number, (what, extension, data) in enumerate(corpus):
            path = Path(folder) / f"{number}.{extension}"
            path.write_bytes(data)
            process = subprocess.Popen(
                [sys.executable, "-c", OPEN, str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            output = process.stdout.read().decode().strip()
            _pid, _status, usage = os.wait4(process.pid, 0)
            seconds, _tab, verdict = output.partition("\t")
            size, peak = f"{len(data) / 1024:.0f} KB", usage.ru_maxrss / 1024
            print(f"{what:<44} {size:>8} {float(seconds or 'nan'):>9.2f}s {peak:>8.0f}  {verdict}")


if __name__ == "__main__":
    main()
