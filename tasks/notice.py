"""Reading a work-plan notice: file bytes -> blocks (lines and tables) -> a ParsedNotice.

No Django models: the importer (services.workplan_import) turns the result into rows, matching unit names.
A committee office receives plans in three layouts, often mixed in one file:
- items ending in a bracket naming the units, worded every way (（牵头单位：…；配合单位：…）, （市教育局牵头，
  市民政局配合）, （责任单位：…）), or the same as a closing sentence (由市教育局牵头，市民政局配合。);
- items followed by labelled lines (牵头单位：…, 配合单位：…, 责任领导：…, 完成时限：…);
- a task-breakdown table (任务分解表) in Word or Excel, found by its column names.
Traditional characters are read as simplified. Collective phrases (各有关单位, 各县（市）区) are kept whole
and never become units; leaders are people and never become units either.
"""

import calendar
import contextlib
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import opencc
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from fuzhou_lle.files.uploads import NOTICE, open_docx, open_workbook

READ_EXTENSIONS = (".txt", ".docx", ".xlsx")
# Old binary Office files: converted with LibreOffice where it is installed.
LEGACY_EXTENSIONS = {".doc": "docx", ".xls": "xlsx"}
CONVERT_SECONDS = 60
MAX_COLUMNS = 40

# Labels, longest first where one contains another (牵头责任单位 before 责任单位).
LEAD_LABELS = ("牵头责任单位", "主要责任单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "责任科室",
               "牵头科室", "牵头处室", "主办单位")  # fmt: skip
SUPPORT_LABELS = ("协同配合单位", "协同责任单位", "配合单位", "配合部门", "协同单位", "协同部门", "参与单位",
                  "参与部门", "协办单位", "协办部门", "配合科室")  # fmt: skip
# 责任单位 alone names the lead; beside a 牵头 label it names those who share the work.
EITHER_LABELS = ("责任单位", "责任部门")
LEADER_LABELS = ("牵头负责领导", "牵头责任领导", "分管县领导", "分管市领导", "分管领导", "责任领导",
                 "牵头领导", "联系领导")  # fmt: skip
DEADLINE_LABELS = ("完成时限", "时间节点", "完成时间", "完成期限", "时限要求", "时间要求")
LABEL_KINDS = {
    **dict.fromkeys(LEAD_LABELS, "lead"),
    **dict.fromkeys(SUPPORT_LABELS, "support"),
    **dict.fromkeys(EITHER_LABELS, "either"),
    **dict.fromkeys(LEADER_LABELS, "leader"),
    **dict.fromkeys(DEADLINE_LABELS, "deadline"),
}
_LABELS = "|".join(sorted(LABEL_KINDS, key=len, reverse=True))
LABEL_RE = re.compile(rf"({_LABELS})\s*[：:]")
LABEL_LINE_RE = re.compile(rf"^({_LABELS})\s*[：:]")
# Labels inside an item's own paragraph, after its text: 开展培训。牵头单位：市教育局。
INLINE_LABEL_RE = re.compile(rf"(?<=[。；;！!？?\s])({_LABELS})\s*[：:]")
# What a bracket must mention to be the item's list of units rather than an aside such as （试行）.
UNIT_KEYWORDS = ("牵头", "责任单位", "责任部门", "责任科室", "配合", "成员单位", "主责", "协办", "参与单位",
                 "协同", "负责")  # fmt: skip
# The closing sentence form: 由市教育局牵头，市民政局配合。
SENTENCE_UNITS_RE = re.compile(r"^由(.{2,200}?(?:牵头|负责).*)$")
# A clause's closing verb says the role of the names before it.
VERB_RE = re.compile(
    r"(?:共同)?(?:牵头负责|负责牵头|牵头|按职责分工负责|按照职责分工负责|按职责负责|分工负责|负责落实|负责"
    r"|协同配合|配合实施|配合|协同|协助|参与|协办)(?:实施|落实|推进)?$"
)
# A unit marked with its role in a bracket: 市教育局（牵头）.
ROLE_MARKER_RE = re.compile(r"[（(](牵头单位|牵头|配合单位|配合|参与|协同|协办)[)）]$")
MARKED_LEAD_RE = re.compile(r"[（(]牵头(?:单位)?[)）]")
LEAD_VERBS = ("牵头",)
SUPPORT_VERBS = ("配合", "协同", "协助", "参与", "协办")
AND_OTHERS = ("等单位", "等部门", "等")

# Collective phrases: a group, never a unit.
COLLECTIVE_RE = re.compile(r"各|有关|相关|其他|其余|全体|成员单位|^县[（(]市|^乡镇|^街道|^市直")
# A bare administrative level following 各…, as in 各区、县级市: part of the same phrase.
LEVEL_RE = re.compile(r"^[县市区乡镇街道级（）()、]{1,6}$")
DISTRICTS_RE = re.compile(
    r"^各(?:县级市|[县区市（）()、，,])+(?:人民政府|政府|终身教育促进委员会|终身教育工作机构|教育局)?$"
)
MEMBERS, OTHER_MEMBERS, DISTRICTS = "members", "other_members", "districts"

NUMBERING_RE = re.compile(
    r"^(?:([一二三四五六七八九十]+)[、.．]|[（(]([一二三四五六七八九十\d]+)[)）]|(\d+)[.．、](?!\d))\s*"
)
CN_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}  # fmt: skip
CN_NUMBER = r"[\d〇零○一二三四五六七八九十]"
DATE_PART = (
    r"([\d〇零○一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*([\d一二三四五六七八九十]{1,3})\s*日"
)
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
SENTENCE_ENDS = "。；;！!？?"
MAX_HEADING_LENGTH = 30
MAX_SPANNING_HEADING = 60
# One-cell table rows that are remarks, not headings or items.
NOTE_PREFIXES = ("注", "备注", "说明", "合计", "小计", "填报", "附：", "附注")

# Column names of a task-breakdown table, by what the column holds.
COLUMN_NAMES = {
    "number": ("序号", "编号"),
    "task": ("重点工作任务", "工作任务", "目标与任务", "任务内容", "主要任务", "重点任务", "具体任务",
             "工作内容", "任务名称", "工作事项", "重点工作", "任务"),
    "detail": ("具体措施", "工作措施", "主要措施", "推进措施", "具体内容", "主要内容", "工作目标", "目标要求",
               "工作要求", "任务分解"),
    "lead": LEAD_LABELS,
    "support": SUPPORT_LABELS,
    "either": EITHER_LABELS,
    "leader": LEADER_LABELS,
    "deadline": (*DEADLINE_LABELS, "时限"),
}  # fmt: skip

_t2s = opencc.OpenCC("t2s")


class NoticeError(ValueError):
    """The file cannot be read as a work-plan notice. The message is for the person who uploaded it."""


def forms_hint():
    return _(
        "可以导入的格式：文本文件（.txt，UTF-8、GB18030 或 UTF-16 编码）、Word（.docx）和 Excel（.xlsx）；"
        "安装了 LibreOffice 的服务器还可导入旧版 .doc 和 .xls。扫描件（PDF、图片）无法识别文字，"
        "请向发文单位索取 Word 或 Excel 原件。"
    )


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
    # Groups named as written, in order: [{"name": "各县（市）区", "role": "support"}].
    collective_units: list[dict] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: str = ""  # the 完成时限 text as written
    due: date | None = None
    number: str = ""

    @property
    def collective_names(self):
        return [entry["name"] for entry in self.collective_units]

    def lead_text(self):
        """The lead units as staff would type them: names, then groups as written."""
        return "、".join([*self.lead_units, *self._collective("lead")]) + ("等" if self.and_others else "")

    def support_text(self):
        return "、".join([*self.supporting_units, *self._collective("support")])

    def _collective(self, role):
        return [entry["name"] for entry in self.collective_units if entry["role"] == role]

    def set_units(self, *, lead: str, support: str):
        """Replace the task's units with those read from staff's corrections, as a notice's would be."""
        self.lead_units, self.supporting_units, self.collective_units = [], [], []
        self.all_members_lead = self.all_members_support = self.and_others = False
        _read_units(self, lead, "lead")
        _read_units(self, support, "support")
        self.needs_review = not self.has_lead()

    def set_deadline(self, text: str, year: int | None):
        self.deadline = text.strip()
        self.due = parse_due(self.deadline, year) if year else None

    def has_lead(self) -> bool:
        """Whether anyone the portal knows leads: a named unit, or a group it can resolve."""
        return bool(self.lead_units) or any(
            entry["role"] == "lead" and collective_group(entry["name"]) for entry in self.collective_units
        )


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
    # Table rows that are neither an item, a heading nor a repeated header: shown for staff to check.
    unplaced: list[str] = field(default_factory=list)

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
                            "collective_units": task.collective_names,
                            "leaders": task.leaders,
                            "due": task.due.isoformat() if task.due else None,
                            "number": task.number or None,
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
        for section in data["sections"]:
            for task in section["tasks"]:
                task["due"] = task["due"].isoformat() if task["due"] else None
        return data

    @classmethod
    def from_dict(cls, data):
        def task(values):
            return ParsedTask(
                **{**values, "due": date.fromisoformat(values["due"]) if values["due"] else None}
            )

        sections = [
            ParsedSection(title=s["title"], tasks=[task(t) for t in s["tasks"]]) for s in data["sections"]
        ]
        issued_on = date.fromisoformat(data["issued_on"]) if data["issued_on"] else None
        return cls(**{**data, "issued_on": issued_on, "sections": sections})


def collective_group(name: str) -> str | None:
    """Which group the portal knows a collective phrase to mean, or None (shown as written)."""
    if "有关" in name or "相关" in name:
        return None
    if "成员单位" in name:
        return OTHER_MEMBERS if re.search("其他|其余", name) else MEMBERS
    if DISTRICTS_RE.match(name) and re.search("[县区]", name):
        return DISTRICTS
    return None


# Reading files ----------------------------------------------------------------------------------------


@dataclass
class Table:
    """A table's rows as text cells (a merged cell repeated in every position it covers), and which rows are
    one cell spanning the whole table."""

    rows: list[list[str]]
    spanning: list[bool]
    columns: dict | None = None  # {kind: [column indexes]} once its header row is found


class _Budget:
    """Give up on a file that takes longer than `seconds` to read (checked between rows and paragraphs)."""

    def __init__(self, seconds, filename):
        self.deadline = time.monotonic() + seconds
        self.filename = filename

    def check(self):
        if time.monotonic() > self.deadline:
            raise NoticeError(_("文件“%(name)s”过于复杂，未能在限定时间内读完。") % {"name": self.filename})


def read_blocks(data: bytes, filename: str, *, max_rows=5000, max_seconds=20.0) -> list:
    """The notice's paragraphs (str) and tables (Table) in document order, in simplified characters."""
    suffix = Path(filename.lower()).suffix
    if not data.strip():
        raise NoticeError(_("文件“%(name)s”是空的。") % {"name": filename})
    if suffix in LEGACY_EXTENSIONS:
        data, suffix = (
            _convert_legacy(data, filename, LEGACY_EXTENSIONS[suffix]),
            f".{LEGACY_EXTENSIONS[suffix]}",
        )
    if suffix not in READ_EXTENSIONS:
        raise NoticeError(_("无法读取“%(name)s”。") % {"name": filename} + forms_hint())
    budget = _Budget(max_seconds, filename)
    # A converted .doc is opened as the .docx it now is: the upload policy checks name against content.
    opened = Path(filename).with_suffix(suffix).name
    if suffix == ".docx":
        blocks = _docx_blocks(data, opened, budget)
    elif suffix == ".xlsx":
        blocks = _xlsx_blocks(data, opened, budget, max_rows)
    else:
        blocks = _decode(data, filename).splitlines()
    blocks = [_simplified(block) for block in blocks]
    text = "".join(b if isinstance(b, str) else "".join("".join(r) for r in b.rows) for b in blocks)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise NoticeError(_("文件“%(name)s”里没有中文内容，不像是工作要点通知。") % {"name": filename})
    return blocks


def _simplified(block):
    if isinstance(block, str):
        return _t2s.convert(block)
    return Table(rows=[[_t2s.convert(cell) for cell in row] for row in block.rows], spanning=block.spanning)


def _convert_legacy(data: bytes, filename: str, target: str) -> bytes:
    """A .doc or .xls converted to .docx or .xlsx by LibreOffice, when the server has it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise NoticeError(
            _(
                "本服务器未安装 LibreOffice，无法读取旧版 Office 文件“%(name)s”："
                "请用 Word 或 WPS 另存为 .%(target)s 后上传。"
            )
            % {"name": filename, "target": target}
            + forms_hint()
        )
    source_suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"notice{source_suffix}"
        source.write_bytes(data)
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to",
                    target,
                    "--outdir",
                    folder,
                    str(source),
                ],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                check=False,
            )
        converted = Path(folder) / f"notice.{target}"
        if not converted.exists():
            raise NoticeError(
                _("无法转换文件“%(name)s”：文件可能已损坏。请用 Word 或 WPS 另存为 .%(target)s 后上传。")
                % {"name": filename, "target": target}
            )
        return converted.read_bytes()


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


def _docx_text(data: bytes, filename: str):
    """The opened Word document, through the upload policy's safe opener (zip limits, no DTD or entities).
    (The one place a notice's .docx is opened, as _xlsx_blocks is for .xlsx.)"""
    try:
        return open_docx(ContentFile(data, name=filename), NOTICE)
    except ValidationError as error:
        raise NoticeError(" ".join(error.messages)) from error


def _docx_blocks(data: bytes, filename: str, budget: _Budget) -> list:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = _docx_text(data, filename)
    blocks = []
    for element in document.element.body.iterchildren():
        budget.check()
        if element.tag.endswith("}p"):
            blocks.extend(Paragraph(element, document).text.splitlines() or [""])
        elif element.tag.endswith("}tbl"):
            rows, spanning = [], []
            for row in DocxTable(element, document).rows:
                budget.check()
                cells = row.cells  # a merged cell appears once for every grid column it covers
                rows.append([cell.text for cell in cells][:MAX_COLUMNS])
                spanning.append(len(cells) > 1 and len({id(cell._tc) for cell in cells}) == 1)
            blocks.append(Table(rows=rows, spanning=spanning))
    return blocks


def _xlsx_blocks(data: bytes, filename: str, budget: _Budget, max_rows: int) -> list:
    try:
        # Not read-only: merged cells (section headings spanning the table) are only known in full mode.
        workbook = open_workbook(ContentFile(data, name=filename), NOTICE, read_only=False)
    except ValidationError as error:
        raise NoticeError(" ".join(error.messages)) from error
    blocks = []
    for sheet in workbook.worksheets:
        if sheet.max_row > max_rows:
            raise NoticeError(
                _("工作表“%(sheet)s”超过 %(max)d 行，请拆分后再上传。")
                % {"sheet": sheet.title, "max": max_rows}
            )
        width = min(sheet.max_column, MAX_COLUMNS)
        grid = []
        for values in sheet.iter_rows(max_col=width, values_only=True):
            budget.check()
            grid.append([_cell_text(value) for value in values])
        spanning = [False] * len(grid)
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
            for row in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for column in range(merged.min_col - 1, min(merged.max_col, width)):
                    grid[row][column] = top
                if merged.min_col == 1 and merged.max_col >= _used_width(grid) > 1:
                    spanning[row] = True
        blocks.append(Table(rows=grid, spanning=spanning))
    return blocks


def _used_width(grid):
    return max((i + 1 for row in grid for i, cell in enumerate(row) if cell), default=0)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def parse_file(data: bytes, filename: str, *, year: int | None = None, max_rows=5000, max_seconds=20.0):
    blocks = read_blocks(data, filename, max_rows=max_rows, max_seconds=max_seconds)
    return parse_blocks(blocks, year=year, filename=filename)


# Parsing ----------------------------------------------------------------------------------------------


def parse_text(text: str, *, year: int | None = None, filename: str = "") -> ParsedNotice:
    return parse_blocks(_t2s.convert(text).splitlines(), year=year, filename=filename)


def parse_blocks(blocks, *, year: int | None = None, filename: str = "") -> ParsedNotice:
    blocks = [_clean(b) if isinstance(b, str) else b for b in _split_tables(blocks)]
    blocks = [b for b in blocks if not isinstance(b, str) or b]
    lines = [(index, b) for index, b in enumerate(blocks) if isinstance(b, str)]
    issuer, issued_on, frame = _signature([line for _index, line in lines])
    frame_blocks = {lines[i][0] for i in frame}
    title, title_line = _title([line for _index, line in lines])
    body_start = lines[title_line - 1][0] + 1 if lines and title_line else 0
    if not title:
        title = Path(filename).stem
    document_number = next(
        (m.group(0) for index, line in lines if index < body_start and (m := DOC_NUMBER_RE.search(line))), ""
    )
    reader = _Reader()
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            reader.table(block)
        elif index >= body_start and index not in frame_blocks:
            reader.line(block)
    preamble, sections, unplaced = reader.finish()
    if not any(section.tasks for section in sections):
        raise NoticeError(
            _(
                "在“%(name)s”中没有找到工作要点条目：条目应是带句号的段落（通常以“（牵头单位：…）”结尾或后接"
                "“牵头单位：…”一行），或是带“工作任务”“牵头单位”等列名的任务分解表。"
            )
            % {"name": filename or _("该文件")}
        )
    if year is None:
        found = re.match(r"^(\d{4})年", title)
        year = int(found.group(1)) if found else (issued_on.year if issued_on else None)
    if year:
        for section in sections:
            for task in section.tasks:
                task.due = parse_due(task.deadline, year)
    return ParsedNotice(
        title=title,
        year=year,
        issuer=issuer,
        issued_on=issued_on,
        document_number=document_number,
        preamble=preamble,
        sections=sections,
        unplaced=unplaced,
    )


def _clean(line: str) -> str:
    return line.replace("\u3000", " ").replace("\ufeff", "").replace("\xa0", " ").strip()


def _number(text: str) -> int | None:
    """An Arabic or Chinese numeral (二〇一五, 十二, 6) as an int, or None."""
    if text.isdigit():
        return int(text)
    try:
        if len(text) == 4 and "十" not in text:  # 二〇一五
            return int("".join(str(CN_DIGITS[ch]) for ch in text))
        if "十" not in text:
            return CN_DIGITS[text]
        tens, _ten, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    except KeyError:
        return None


def _date(groups) -> date | None:
    numbers = [_number(part) for part in groups]
    try:
        return date(*numbers) if None not in numbers else None
    except ValueError:
        return None


def _month_end(year, month) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def parse_due(text: str, year: int) -> date | None:
    """The last date a 完成时限 text names, in the plan's year unless it says another; None for 长期坚持,
    持续推进 and other open-ended wording (the text itself is kept on the task)."""
    if not text:
        return None
    found = []
    spans = []

    def take(match, value):
        if value and not any(start <= match.start() < end for start, end in spans):
            found.append((match.start(), value))
            spans.append(match.span())

    for match in re.finditer(
        rf"(?:(\d{{4}})\s*年)?\s*({CN_NUMBER}{{1,3}})\s*月\s*({CN_NUMBER}{{1,3}})\s*[日号]", text
    ):
        month, day = _number(match.group(2)), _number(match.group(3))
        with contextlib.suppress(ValueError):
            take(match, date(int(match.group(1) or year), month or 0, day or 0))
    for match in re.finditer(
        rf"(?:(\d{{4}})\s*年)?\s*({CN_NUMBER}{{1,3}})\s*月\s*(底|末|份|前|中旬|上旬)?", text
    ):
        month = _number(match.group(2)) or 0
        when = match.group(3)
        the_year = int(match.group(1) or year)
        if when == "前":  # 6月前: before June begins
            take(match, _month_end(the_year - (month == 1), 12 if month == 1 else month - 1))
        elif when == "上旬":
            take(match, date(the_year, month, 10) if 1 <= month <= 12 else None)
        elif when == "中旬":
            take(match, date(the_year, month, 20) if 1 <= month <= 12 else None)
        else:
            take(match, _month_end(the_year, month))
    for match in re.finditer(r"(?:(\d{4})\s*年\s*)?(?:第)?([一二三四1-4])\s*季度", text):
        take(match, _month_end(int(match.group(1) or year), QUARTER_END[match.group(2)]))
    for match in re.finditer(r"(?:(\d{4})\s*年\s*)?上半年", text):
        take(match, date(int(match.group(1) or year), 6, 30))
    for match in re.finditer(
        r"(?:(\d{4})\s*)?年(?:底|末|内)|(?:(\d{4})\s*年\s*)?(?:下半年|全年|年度内)", text
    ):
        take(match, date(int(match.group(1) or match.group(2) or year), 12, 31))
    for match in re.finditer(r"(\d{4})\s*年(?![\d一二三四五六七八九十上下底末内度])", text):
        take(match, date(int(match.group(1)), 12, 31))
    return max(found, key=lambda item: (item[1], item[0]))[1] if found else None


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


def _is_heading_like(line):
    return len(line) <= MAX_HEADING_LENGTH and not any(mark in line for mark in "。；;，,：:")


def _strip_numbering(line):
    return NUMBERING_RE.sub("", line, count=1)


def _numbering(line) -> str:
    """The item's own number as written (1, 一, 3), or ""."""
    found = NUMBERING_RE.match(line)
    return next((group for group in found.groups() if group), "") if found else ""


def _is_numbered(line):
    return bool(NUMBERING_RE.match(line))


def _matching_open(text, close_index):
    """The index of the bracket that opens the one closing at close_index, or None."""
    depth = 0
    for index in range(close_index, -1, -1):
        if text[index] in ")）":
            depth += 1
        elif text[index] in "(（":
            depth -= 1
            if depth == 0:
                return index
    return None


def _trailing_bracket(paragraph):
    """(text before, bracket content) when the paragraph ends with a bracket naming units, else None."""
    stripped = paragraph.rstrip("。. ")
    if not stripped or stripped[-1] not in ")）":
        return None
    start = _matching_open(stripped, len(stripped) - 1)
    if start is None:
        return None
    content = stripped[start + 1 : -1]
    if any(word in content for word in UNIT_KEYWORDS) or LABEL_RE.search(content):
        return stripped[:start].rstrip(), content
    return None


def _split_outside(text, separators):
    """`text` split at any of `separators` that is not inside brackets."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


class _Item:
    """An item being read: its paragraph, then whatever bracket or labelled lines follow it."""

    def __init__(self, line, *, number=""):
        self.number = number or _numbering(line)
        self.head = _strip_numbering(line)
        self.body = self.head
        self.lines = []  # labelled lines and a bracket on its own line, as written
        self.parts = []  # (label kind or None, text)
        self.found_units = False
        found = _trailing_bracket(self.head)
        if found and found[0]:
            self.body = found[0]
            self.head = f"{found[0]}（{found[1]}）"
            self.add(_labelled(found[1]))
        inline = INLINE_LABEL_RE.search(self.body)
        if inline:
            self.add(_labelled(self.body[inline.start() :]))
            self.body = self.body[: inline.start()].rstrip()
        last = re.split(r"(?<=[。；;])", self.body.rstrip("。"))[-1]
        sentence = SENTENCE_UNITS_RE.match(last.strip("。 "))
        if sentence and not self.found_units:
            self.add([(None, sentence.group(1))])

    def add(self, parts, line=""):
        self.parts.extend(parts)
        self.found_units = True
        if line:
            self.lines.append(line)

    def task(self) -> ParsedTask:
        first = re.split(r"[。；;]", self.body, maxsplit=1)[0].strip()
        title = first.rstrip("。.；; ")[:200] or self.head[:200]
        task = ParsedTask(title=title, text="\n".join([self.head, *self.lines]), number=self.number)
        _read_parts(task, self.parts)
        task.needs_review = not task.has_lead()
        return task


def _labelled(content):
    """[(kind, text)] for a bracket or line: kind is lead/support/either/leader/deadline, or None for text
    before any label (a clause list such as 市教育局牵头，市民政局配合)."""
    content = content.strip().rstrip("。")
    labels = list(LABEL_RE.finditer(content))
    parts = []
    if not labels:
        return [(None, content)] if content else []
    if content[: labels[0].start()].strip(" ，,;；"):
        parts.append((None, content[: labels[0].start()]))
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(content)
        parts.append((LABEL_KINDS[label.group(1)], content[label.end() : end].strip(" ，,;；。")))
    return parts


def split_names(text):
    """Leaders' names (or any list) as a notice separates them."""
    return list(dict.fromkeys(name.strip() for name in _split_outside(text, "、，,；; /") if name.strip()))


def _read_parts(task, parts):
    """Fill the task's units, leaders and deadline from its labelled parts."""
    has_lead_label = any(kind == "lead" for kind, _text in parts)
    for kind, text in parts:
        if kind == "leader":
            task.leaders.extend(name for name in split_names(text) if name not in task.leaders)
        elif kind == "deadline":
            task.deadline = "；".join(filter(None, [task.deadline, text.strip()]))
        else:
            role = {"lead": "lead", "support": "support", "either": "support" if has_lead_label else "lead"}
            _read_units(task, text, role.get(kind, "lead"))


def _read_units(task, text, role):
    """Read a list of units such as 市教育局、市民政局牵头，各有关单位按职责分工负责 into the task."""
    led_here = False
    for clause in _split_outside(text, "，,；;。"):
        clause = clause.strip().removeprefix("由").strip()
        if not clause:
            continue
        clause_role = role
        verb = VERB_RE.search(clause)
        if verb and verb.start() > 0:
            words = verb.group(0)
            if any(word in words for word in LEAD_VERBS):
                clause_role = "lead"
            elif any(word in words for word in SUPPORT_VERBS):
                clause_role = "support"
            elif role == "lead":  # 负责: leads unless someone already leads (各有关单位按职责分工负责)
                clause_role = "support" if led_here or task.lead_units else "lead"
            clause = clause[: verb.start()]
        elif MARKED_LEAD_RE.search(text):
            clause_role = "support"  # 市教育局（牵头）、市民政局: those not marked share the work
        led_here = led_here or clause_role == "lead"
        for name in _names(clause):
            marker = ROLE_MARKER_RE.search(name)
            if marker:  # 市教育局（牵头）, as breakdown tables often mark the lead
                name_role = "lead" if "牵头" in marker.group(1) else "support"
                _add_unit(task, name_role, name[: marker.start()])
            else:
                _add_unit(task, clause_role, name)


def _names(clause):
    """The names in a clause, a collective phrase such as 各区、县级市 kept whole."""
    names = []
    for name in _split_outside(clause, "、/ ，,"):
        name = name.strip().strip("“”\"'《》")
        if not name:
            continue
        if names and names[-1].startswith("各") and LEVEL_RE.match(name):
            names[-1] = f"{names[-1]}、{name}"
        else:
            names.append(name)
    return names


def _add_unit(task, role, name):
    for suffix in AND_OTHERS:
        if name.endswith(suffix) and len(name) > len(suffix):
            task.and_others = task.and_others or role == "lead"
            name = name[: -len(suffix)]
            break
    if name[:1] in "(（" and name[-1:] in ")）":
        name = name[1:-1]
    name = name.strip()
    if len(name) < 2:
        return
    if COLLECTIVE_RE.search(name):
        group = collective_group(name)
        if group == OTHER_MEMBERS or (group == MEMBERS and role == "support"):
            task.all_members_support = True
        elif group == MEMBERS:
            task.all_members_lead = True
        if name not in task.collective_names:
            task.collective_units.append({"name": name, "role": role})
        return
    target = task.lead_units if role == "lead" else task.supporting_units
    if name not in task.lead_units and name not in task.supporting_units:
        target.append(name)


# The body: lines and tables ------------------------------------------------------------------------


class _Reader:
    """Reads the notice's body block by block into its preamble, sections and items."""

    def __init__(self):
        self.preamble, self.sections, self.unplaced = [], [], []
        self.seen_structure = False
        self.item = None  # the item whose labelled lines may still follow
        self.heading_line = None  # the raw line of the last heading, while it has no item under it
        self.columns = None  # the last table's columns, for a table continued without its header

    def add(self, task):
        if not self.sections:  # items before any heading
            self.sections.append(ParsedSection(title=""))
        self.sections[-1].tasks.append(task)

    def close_item(self):
        if self.item is not None:
            self.add(self.item.task())
            self.item = None

    def line(self, line):
        label = LABEL_LINE_RE.match(line)
        if label and self.item is None and self.heading_line is not None:
            # 1.推进社区教育 followed by 牵头单位：… is an item, not a heading.
            self.sections.pop()
            self.item = _Item(self.heading_line)
        if label and self.item is not None:
            self.item.add(_labelled(line), line)
            return
        bracket = _trailing_bracket(line)
        if bracket and not bracket[0] and self.item is not None and not self.item.found_units:
            self.item.head += f"（{bracket[1]}）"  # the bracket on a line of its own
            self.item.add(_labelled(bracket[1]))
            return
        sentence = SENTENCE_UNITS_RE.match(line.rstrip("。"))
        if sentence and self.item is not None and not self.item.found_units:
            self.item.add([(None, sentence.group(1))], line)
            return
        self.close_item()
        self.heading_line = None
        if bracket and bracket[0]:
            self.seen_structure = True
            self.item = _Item(line)
        elif _is_heading_like(_strip_numbering(line)) and not line.endswith(tuple(SENTENCE_ENDS)):
            self.seen_structure = True
            self.sections.append(ParsedSection(title=_strip_numbering(line)))
            self.heading_line = line
        elif not self.seen_structure and not _is_numbered(line) and not INLINE_LABEL_RE.search(line):
            self.preamble.append(line)
        else:
            self.seen_structure = True
            self.item = _Item(line)

    def table(self, table):
        """A task table's rows (the header found by _split_tables), or a layout table's cells as lines."""
        self.close_item()
        self.heading_line = None
        columns = table.columns or (
            self.columns if self.columns and table.rows and len(table.rows[0]) == self.columns[1] else None
        )
        if columns is None:
            for row in table.rows:
                for cell in dict.fromkeys(c.strip() for c in row if c.strip()):
                    for line in cell.splitlines():
                        if line := _clean(line):
                            self.line(line)
            self.close_item()
            return
        if table.columns:
            self.columns = (table.columns, len(table.rows[0]) if table.rows else 0)
        else:
            columns = columns[0]  # a table continued on the next page without its header
        self.seen_structure = True
        previous = None  # (task cell, ParsedTask) of the row above, for merged and continued rows
        for row, spanning in zip(table.rows, table.spanning, strict=True):
            previous = self._table_row(row, spanning, columns, previous)

    def _table_row(self, row, spanning, columns, previous):
        cells = [_clean(cell) for cell in row]
        values = list(dict.fromkeys(cell for cell in cells if cell))
        if not values or _header_row(row) is not None:  # blank, or the header repeated on a new page
            return previous

        def get(kind):
            return " ".join(
                dict.fromkeys(cells[i] for i in columns.get(kind, []) if i < len(cells) and cells[i])
            )

        task_text = get("task")
        parts = _row_parts(columns, get)
        if len(values) == 1 and values[0].startswith(NOTE_PREFIXES):
            self.unplaced.append(values[0])  # 注：…, 合计: staff should see it, it is no item
            return previous
        if len(values) == 1 and (
            (spanning and len(values[0]) <= MAX_SPANNING_HEADING and "。" not in values[0].rstrip("。"))
            or (
                _is_heading_like(_strip_numbering(values[0]))
                and (task_text != values[0] or CN_HEADING_RE.match(task_text))
            )
        ):
            self.sections.append(ParsedSection(title=_strip_numbering(values[0]).rstrip("。")))
            return None
        if not task_text or (previous and task_text == previous[0]):
            if previous and parts:  # the rest of the item above: continued, or its cell merged down
                _read_parts(previous[1], parts)
                previous[1].needs_review = not previous[1].has_lead()
                return previous
            self.unplaced.append(" | ".join(values))
            return previous
        number = get("number")
        if (
            not parts
            and _is_heading_like(_strip_numbering(task_text))
            and (re.fullmatch(r"[一二三四五六七八九十]+[、.．]?", number) or CN_HEADING_RE.match(task_text))
        ):
            self.sections.append(ParsedSection(title=_strip_numbering(task_text)))
            return None
        item = _Item(task_text, number=number.rstrip("、.．"))
        if detail := get("detail"):
            item.head = f"{item.head}\n{detail}"
        item.add(parts)
        task = item.task()
        self.add(task)
        return task_text, task

    def finish(self):
        self.close_item()
        # A heading with nothing under it is a higher level of numbering (一、 above （一）): drop it.
        return "\n".join(self.preamble), [s for s in self.sections if s.tasks], self.unplaced


def _row_parts(columns, get):
    has_lead = bool(columns.get("lead"))
    parts = []
    for kind in ("lead", "either", "support", "leader", "deadline"):
        if value := get(kind):
            if kind == "either":
                kind = "support" if has_lead else "lead"
            parts.append((kind, value))
    return parts


def _column_kind(name):
    name = re.sub(r"\s|[（(].*?[)）]", "", name)
    if not name or len(name) > 12:
        return None
    for kind, names in COLUMN_NAMES.items():
        if name in names:
            return kind
    candidates = sorted(
        ((n, k) for k, names in COLUMN_NAMES.items() for n in names), key=lambda c: -len(c[0])
    )
    return next((kind for candidate, kind in candidates if len(candidate) >= 3 and candidate in name), None)


def _header_row(row):
    """{kind: [column indexes]} when the row names a task column and a unit column, else None."""
    columns, previous = {}, None
    for column, cell in enumerate(row):
        kind = _column_kind(cell)
        if kind and cell != previous:  # a header cell merged over two columns counts once
            if kind == "task" and "task" in columns:
                kind = "detail"
            columns.setdefault(kind, []).append(column)
        previous = cell
    if "task" in columns and any(kind in columns for kind in ("lead", "support", "either")):
        return columns
    return None


def _split_tables(blocks):
    """Each task table split into the lines above its header (a title, a preamble) and its rows below;
    a header on two rows (责任单位 over 牵头单位 | 配合单位) is read as its lower row."""
    result = []
    for block in blocks:
        if isinstance(block, str):
            result.append(block)
            continue
        header = next(
            (index for index, row in enumerate(block.rows[:15]) if _header_row(row) is not None), None
        )
        if header is None:
            result.append(block)
            continue
        while header + 1 < len(block.rows) and _header_row(block.rows[header + 1]) is not None:
            header += 1
        for row in block.rows[:header]:
            if text := " ".join(dict.fromkeys(c.strip() for c in row if c.strip())):
                result.append(text)
        result.append(
            Table(
                rows=block.rows[header + 1 :],
                spanning=block.spanning[header + 1 :],
                columns=_header_row(block.rows[header]),
            )
        )
    return result
