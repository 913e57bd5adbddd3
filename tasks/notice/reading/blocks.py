"""What reading a file gives: paragraphs (str) and tables (Table), and the time a file may take."""

import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..text import NoticeError

# Tables wider than this are cut: no notice's task table has 40 columns, and a hostile one must not make
# the reader build millions of cells.
MAX_COLUMNS = 40
# A notice runs to a few hundred paragraphs; a file of more is not one, and reading it would only hold the
# worker.
MAX_PARAGRAPHS = 20_000


@dataclass
class Table:
    """A table's rows as text cells (a merged cell repeated in every position it covers), and which rows are
    one cell spanning the whole table."""

    rows: list[list[str]]
    spanning: list[bool]


Block = str | Table


def too_long(filename: str) -> NoticeError:
    return NoticeError(
        _("文件“%(name)s”超过 %(max)d 段，不像是一份工作要点通知，请删去无关内容或拆分后再上传。")
        % {"name": filename, "max": MAX_PARAGRAPHS}
    )


class Budget:
    """Give up on a file that takes longer than `seconds` to read (checked between rows and paragraphs)."""

    def __init__(self, seconds: float, filename: str) -> None:
        self.deadline = time.monotonic() + seconds
        self.filename = filename

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise NoticeError(_("文件“%(name)s”过于复杂，未能在限定时间内读完。") % {"name": self.filename})
