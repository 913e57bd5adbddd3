"""The notice's frame around its body: the plan's title, the document number (文号), the issuer and the
signing date, and the lines (signature, printing line, copy-to lines) that are never part of the body."""

import re
from datetime import date

from .deadlines import DATE_PART, date_of
from .grammar import is_heading_like

DATE_LINE_RE = re.compile(rf"^{DATE_PART}$")
SIGNATURE_RE = re.compile(rf"^(\S{{2,40}}?)\s+{DATE_PART}$")
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\s*\d+\s*号")
PLAN_TITLE_RE = re.compile(
    r"^\d{4}年.{2,40}(?:工作要点|要点|工作计划|计划|工作安排|安排|方案|任务分解表|分解表|任务清单|责任清单"
    r"|分工表)$"
)
QUOTED_TITLE_RE = re.compile(r"《([^》]{4,60})》")
# Lines that belong to the notice's frame, never to its body.
FRAME_PREFIXES = ("抄送", "抄报", "主题词", "附件", "联系人", "（此件", "(此件")


def signature(lines: list[str]) -> tuple[str, date | None, set[int]]:
    """The issuer and date from the signing lines, and the indexes of the lines that frame the body
    (signature, date, the printing line, copy-to lines) so they are not read as headings."""
    issuer, issued_on, frame = "", None, set()
    for index, line in enumerate(lines):
        if line.startswith(FRAME_PREFIXES) or ("印发" in line and re.search(DATE_PART, line)):
            frame.add(index)
            if issued_on is None and (found := re.search(DATE_PART, line)):
                issued_on = date_of(found.groups())
            continue
        if (signed := SIGNATURE_RE.match(line)) and not issuer:
            frame.add(index)
            issuer, issued_on = signed.group(1), date_of(signed.groups()[1:])
        elif dated := DATE_LINE_RE.match(line):
            frame.add(index)
            previous = lines[index - 1] if index else ""
            if not issuer and index and is_heading_like(previous) and not DATE_LINE_RE.match(previous):
                issuer = previous
                frame.add(index - 1)
            if not issuer or issued_on is None:
                issued_on = date_of(dated.groups())
    return issuer, issued_on, frame


def title(lines: list[str]) -> tuple[str, int]:
    """The plan's title and the number of lines up to and including it (0: no title line found)."""
    quoted = next(
        (m.group(1) for line in lines if "印发" in line and (m := QUOTED_TITLE_RE.search(line))),
        None,
    )
    for index, line in enumerate(lines):
        if line == quoted or (PLAN_TITLE_RE.match(line) and "印发" not in line):
            return line, index + 1
    if quoted:
        start = next(i for i, line in enumerate(lines) if quoted in line)
        return quoted, start + 1
    if not lines:
        return "", 0
    found = re.match(r"^关于印发(.+)的通知$", lines[0])
    return (found.group(1) if found else lines[0]), 1


def document_number(lines: list[str]) -> str:
    """The 文号 (榕终教委〔2016〕3号) from the lines above the body, or ""."""
    return next((m.group(0) for line in lines if (m := DOC_NUMBER_RE.search(line))), "")
