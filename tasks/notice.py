"""Reading a work-plan notice: file bytes -> text -> a ParsedNotice.

Pure Python, no Django models: the importer (services.workplan_import) turns the result into rows.
Real notices mix full- and half-width brackets and colons, separate units with 、 or ，, number their
headings (一、 （一） 1.) or not, and sometimes put an item's bracket on a line of its own.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from fuzhou_lle.uploads import NOTICE, open_docx

SUPPORTED_EXTENSIONS = (".txt", ".docx")

# What a bracket must mention to be the item's list of units rather than an aside such as （试行）.
UNIT_KEYWORDS = ("牵头", "责任单位", "配合", "成员单位", "主责单位", "协办单位", "参与单位")
LEAD_LABELS = ("牵头单位", "责任单位", "主责单位")
SUPPORT_LABELS = ("配合单位", "协办单位", "参与单位")
LABEL_RE = re.compile(r"(牵头单位|责任单位|主责单位|配合单位|协办单位|参与单位)\s*[：:]")
# 市终身教育促进委员会各成员单位 (every member unit) or …其他成员单位 (every member unit but the leads).
COLLECTIVE_RE = re.compile(r"^(?:福州)?市?终身教育促进委员会(各|其他|其余|全体)?成员单位$")
NUMBERING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))\s*"
)
CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
DATE_PART = (
    r"([\d〇零○一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*([\d一二三四五六七八九十]{1,3})\s*日"
)
DATE_LINE_RE = re.compile(rf"^{DATE_PART}$")
SIGNATURE_RE = re.compile(rf"^(\S{{2,40}}?)\s+{DATE_PART}$")
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\s*\d+\s*号")
PLAN_TITLE_RE = re.compile(r"^\d{4}年.{2,40}(?:工作要点|要点|工作计划|计划|工作安排|安排|方案)$")
QUOTED_TITLE_RE = re.compile(r"《([^》]{4,60})》")
# Lines that belong to the notice's frame, never to its body.
FRAME_PREFIXES = ("抄送", "抄报", "主题词", "附件", "联系人", "（此件", "(此件")
SENTENCE_ENDS = "。；;！!？?"
MAX_HEADING_LENGTH = 30


class NoticeError(ValueError):
    """The file cannot be read as a work-plan notice. The message is for the person who uploaded it."""


@dataclass
class ParsedTask:
    title: str
    text: str
    lead_units: list[str] = field(default_factory=list)
    supporting_units: list[str] = field(default_factory=list)
    all_members_lead: bool = False
    all_members_support: bool = False
    and_others: bool = False
    needs_review: bool = False


@dataclass
class ParsedSection:
    title: str
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class ParsedNotice:
    title: str
    year: int | None
    issuer: str = ""
    issued_on: date | None = None
    document_number: str = ""
    preamble: str = ""
    sections: list[ParsedSection] = field(default_factory=list)

    @property
    def tasks(self):
        return [task for section in self.sections for task in section.tasks]

    def to_json(self):
        """The shape `import_workplan --json` prints, keys in this order."""
        return {
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "sections": [
                {
                    "title": section.title,
                    "tasks": [
                        {
                            "title": task.title,
                            "lead_units": task.lead_units,
                            "supporting_units": task.supporting_units,
                            "all_members_lead": task.all_members_lead,
                            "all_members_support": task.all_members_support,
                            "and_others": task.and_others,
                        }
                        for task in section.tasks
                    ],
                }
                for section in self.sections
            ],
        }

    def to_dict(self):
        """Everything, JSON-serialisable: what the web import keeps between preview and confirm."""
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return data

    @classmethod
    def from_dict(cls, data):
        sections = [
            ParsedSection(title=s["title"], tasks=[ParsedTask(**t) for t in s["tasks"]])
            for s in data["sections"]
        ]
        issued_on = date.fromisoformat(data["issued_on"]) if data["issued_on"] else None
        return cls(**{**data, "issued_on": issued_on, "sections": sections})


# Reading files ----------------------------------------------------------------------------------------


def read_text(data: bytes, filename: str) -> str:
    """The text of a .txt (UTF-8 or GB18030) or .docx notice, or NoticeError in plain Chinese."""
    name = filename.lower()
    if not name.endswith(SUPPORTED_EXTENSIONS):
        raise NoticeError(_("只能导入 .txt 或 .docx 格式的通知文件，“%(name)s”不是。") % {"name": filename})
    if not data.strip():
        raise NoticeError(_("文件“%(name)s”是空的。") % {"name": filename})
    text = _docx_text(data, filename) if name.endswith(".docx") else _decode(data, filename)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise NoticeError(_("文件“%(name)s”里没有中文内容，不像是工作要点通知。") % {"name": filename})
    return text


def _decode(data: bytes, filename: str) -> str:
    unreadable = NoticeError(
        _(
            "无法识别文件“%(name)s”的文字编码：请另存为 UTF-8 或 GB18030 编码的文本文件，"
            "或上传 Word（.docx）文件。"
        )
        % {"name": filename}
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" is UTF-16 with a byte-order mark
        candidates = ("utf-16",)
    elif b"\x00" in data:
        raise unreadable
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 decodes almost any byte string; control characters show it was not really text.
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        if controls == 0:
            return text
    raise unreadable


def _docx_text(data: bytes, filename: str) -> str:
    # Through the upload policy's opener: archive size and hostile XML are refused before python-docx parses.
    try:
        document = open_docx(ContentFile(data, name=filename), NOTICE)
    except ValidationError as exc:
        raise NoticeError(exc.messages[0]) from exc
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        paragraphs.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(paragraphs)


def parse_file(data: bytes, filename: str, *, year: int | None = None) -> ParsedNotice:
    return parse_text(read_text(data, filename), year=year, filename=filename)


# Parsing text -----------------------------------------------------------------------------------------


def parse_text(text: str, *, year: int | None = None, filename: str = "") -> ParsedNotice:
    lines = [_clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    issuer, issued_on, frame = _signature(lines)
    title, body_start = _title(lines)
    document_number = next(
        (m.group(0) for line in lines[:body_start] if (m := DOC_NUMBER_RE.search(line))), ""
    )
    body = [line for index, line in enumerate(lines[body_start:], start=body_start) if index not in frame]
    preamble, sections = _body(body)
    if not any(section.tasks for section in sections):
        raise NoticeError(
            _("在“%(name)s”中没有找到工作要点条目：条目应是带句号的段落，通常以“（牵头单位：…）”结尾。")
            % {"name": filename or _("该文件")}
        )
    if year is None:
        found = re.match(r"^(\d{4})年", title)
        year = int(found.group(1)) if found else (issued_on.year if issued_on else None)
    return ParsedNotice(
        title=title,
        year=year,
        issuer=issuer,
        issued_on=issued_on,
        document_number=document_number,
        preamble=preamble,
        sections=sections,
    )


def _clean(line: str) -> str:
    return line.replace("\u3000", " ").replace("\ufeff", "").strip()


def _date(groups) -> date | None:
    def number(text):
        if text.isdigit():
            return int(text)
        if len(text) == 4:  # 二〇一五
            return int("".join(str(CN_DIGITS[ch]) for ch in text))
        tens, _, ones = text.partition("十")
        if "十" not in text:
            return CN_DIGITS[text]
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)

    try:
        return date(*(number(part) for part in groups))
    except (KeyError, ValueError):
        return None


def _signature(lines):
    """The issuer and date from the signing lines, and the indexes of the lines that frame the body
    (signature, date, the printing line, copy-to lines) so they are not read as headings."""
    issuer, issued_on, frame = "", None, set()
    for index, line in enumerate(lines):
        if line.startswith(FRAME_PREFIXES) or ("印发" in line and re.search(DATE_PART, line)):
            frame.add(index)
            if issued_on is None and (found := re.search(DATE_PART, line)):
                issued_on = _date(found.groups())
            continue
        if (found := SIGNATURE_RE.match(line)) and not issuer:
            frame.add(index)
            issuer, issued_on = found.group(1), _date(found.groups()[1:])
        elif found := DATE_LINE_RE.match(line):
            frame.add(index)
            previous = lines[index - 1] if index else ""
            if not issuer and index and _is_heading_like(previous) and not DATE_LINE_RE.match(previous):
                issuer = previous
                frame.add(index - 1)
            if not issuer or issued_on is None:
                issued_on = _date(found.groups())
    return issuer, issued_on, frame


def _title(lines):
    """The plan's title and the index where the plan's own text begins."""
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
    first = lines[0] if lines else ""
    found = re.match(r"^关于印发(.+)的通知$", first)
    return (found.group(1) if found else first), 1


def _is_heading_like(line):
    return len(line) <= MAX_HEADING_LENGTH and not any(mark in line for mark in "。；;，,：:")


def _strip_numbering(line):
    return NUMBERING_RE.sub("", line, count=1)


def _is_numbered(line):
    return bool(NUMBERING_RE.match(line))


def _trailing_bracket(paragraph):
    """(text before, bracket content) when the paragraph ends with a bracket naming units, else None."""
    stripped = paragraph.rstrip("。. ")
    if not stripped or stripped[-1] not in ")）":
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in ")）":
            depth += 1
        elif char in "(（":
            depth -= 1
            if depth == 0:
                content = stripped[index + 1 : -1]
                if any(word in content for word in UNIT_KEYWORDS):
                    return stripped[:index].rstrip(), content
                return None
    return None


def _body(lines):
    """The preamble and the sections. A short line without a sentence mark is a heading; a paragraph is
    an item; a bracket alone on a line belongs to the item above it."""
    preamble, sections = [], []
    seen_structure = False
    pending = None  # an item's text whose bracket may follow on the next line

    def add(task):
        if not sections:  # items before any heading
            sections.append(ParsedSection(title=""))
        sections[-1].tasks.append(task)

    for line in lines:
        bracket = _trailing_bracket(line)
        if bracket and not bracket[0] and pending is not None:  # the bracket on its own line
            add(_task(pending, bracket[1]))
            pending = None
            continue
        if pending is not None:
            add(_task(pending, None))
            pending = None
        if bracket and bracket[0]:
            seen_structure = True
            add(_task(*bracket))
        elif _is_heading_like(_strip_numbering(line)) and not line.endswith(tuple(SENTENCE_ENDS)):
            seen_structure = True
            sections.append(ParsedSection(title=_strip_numbering(line)))
        elif not seen_structure and not _is_numbered(line):
            preamble.append(line)
        else:
            seen_structure = True
            pending = line
    if pending is not None:
        add(_task(pending, None))
    # A heading with nothing under it is a higher level of numbering (一、 above （一）): drop it.
    return "\n".join(preamble), [section for section in sections if section.tasks]


def _task(text, bracket):
    text = _strip_numbering(text)
    first = re.split(r"[。；;]", text, maxsplit=1)[0].strip()
    title = first.rstrip("。.；; ")[:200]
    full_text = f"{text}（{bracket}）" if bracket else text
    task = ParsedTask(title=title, text=full_text)
    if bracket is None:
        task.needs_review = True
        return task
    _read_units(task, bracket)
    # A bracket with no unit we can name (say, only "配合") is as good as none: staff should look.
    task.needs_review = not (task.lead_units or task.all_members_lead)
    return task


def _read_units(task, bracket):
    content = bracket.replace(":", "：")
    parts = []  # (role, text)
    labels = list(LABEL_RE.finditer(content))
    if not labels:
        parts.append(("lead", content))
    else:
        if content[: labels[0].start()].strip(" ，,;；"):
            parts.append(("lead", content[: labels[0].start()]))
        for index, label in enumerate(labels):
            end = labels[index + 1].start() if index + 1 < len(labels) else len(content)
            role = "support" if label.group(1) in SUPPORT_LABELS else "lead"
            parts.append((role, content[label.end() : end]))
    for role, text in parts:
        for clause in re.split(r"[，,；;。]", text):
            clause = clause.strip()
            if not clause:
                continue
            clause_role = role
            if clause.endswith("配合"):
                clause_role, clause = "support", clause[:-2]
            elif clause.endswith("牵头") or clause.endswith("负责"):
                clause_role, clause = "lead", clause[:-2]
            for name in re.split(r"[、/]", clause):
                _add_unit(task, clause_role, name.strip())


def _add_unit(task, role, name):
    for suffix in ("等单位", "等部门", "等"):
        if name.endswith(suffix):
            task.and_others = True
            name = name[: -len(suffix)]
            break
    name = name.strip()
    if not name:
        return
    collective = COLLECTIVE_RE.match(name)
    if collective:
        if role == "support" or collective.group(1) in ("其他", "其余"):
            task.all_members_support = True
        else:
            task.all_members_lead = True
        return
    target = task.lead_units if role == "lead" else task.supporting_units
    if name not in task.lead_units and name not in task.supporting_units:
        target.append(name)
