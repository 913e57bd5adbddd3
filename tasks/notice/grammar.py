"""The line and bracket grammar: how a line is numbered, whether it is a heading, an item or a labelled line,
and what an item's trailing bracket, labelled lines or closing sentence say about who does the work.

A notice writes an item's units in three ways, often mixed in one file: a trailing bracket in any
wording (（牵头单位：…；配合单位：…）, （市教育局牵头，市民政局配合）, （责任单位：…）), a closing sentence
(由市教育局牵头，市民政局配合。), or labelled lines after the item (牵头单位：…, 配合单位：…, 责任领导：…,
完成时限：…)."""

import re

from .result import ParsedTask
from .text import matching_open
from .units import Role, split_names

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

NUMBERING_RE = re.compile(
    r"^(?:([一二三四五六七八九十]+)[、.．]|[（(]([一二三四五六七八九十\d]+)[)）]|(\d+)[.．、](?!\d))\s*"
)
CN_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
MAX_HEADING_LENGTH = 30

# A labelled part of a bracket or line: (kind, text); kind is lead/support/either/leader/deadline, or None
# for text before any label (a clause list such as 市教育局牵头，市民政局配合).
Part = tuple[str | None, str]


def is_heading_like(line: str) -> bool:
    return len(line) <= MAX_HEADING_LENGTH and not any(mark in line for mark in "。；;，,：:")


def strip_numbering(line: str) -> str:
    return NUMBERING_RE.sub("", line, count=1)


def numbering(line: str) -> str:
    """The item's own number as written (1, 一, 3), or ""."""
    found = NUMBERING_RE.match(line)
    return next((group for group in found.groups() if group), "") if found else ""


def is_numbered(line: str) -> bool:
    return bool(NUMBERING_RE.match(line))


def trailing_bracket(paragraph: str) -> tuple[str, str] | None:
    """(text before, bracket content) when the paragraph ends with a bracket naming units, else None."""
    stripped = paragraph.rstrip("。. ")
    if not stripped or stripped[-1] not in ")）":
        return None
    start = matching_open(stripped, len(stripped) - 1)
    if start is None:
        return None
    content = stripped[start + 1 : -1]
    if any(word in content for word in UNIT_KEYWORDS) or LABEL_RE.search(content):
        return stripped[:start].rstrip(), content
    return None


def labelled(content: str) -> list[Part]:
    """The labelled parts of a bracket or line."""
    content = content.strip().rstrip("。")
    labels = list(LABEL_RE.finditer(content))
    parts: list[Part] = []
    if not labels:
        return [(None, content)] if content else []
    if content[: labels[0].start()].strip(" ，,;；"):
        parts.append((None, content[: labels[0].start()]))
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(content)
        parts.append((LABEL_KINDS[label.group(1)], content[label.end() : end].strip(" ，,;；。")))
    return parts


def read_parts(task: ParsedTask, parts: list[Part]) -> None:
    """Fill the task's units, leaders and deadline from its labelled parts."""
    has_lead_label = any(kind == "lead" for kind, _text in parts)
    for kind, text in parts:
        if kind == "leader":
            task.leaders.extend(name for name in split_names(text) if name not in task.leaders)
        elif kind == "deadline":
            task.deadline = "；".join(filter(None, [task.deadline, text.strip()]))
        else:
            roles: dict[str | None, Role] = {
                "lead": "lead",
                "support": "support",
                "either": "support" if has_lead_label else "lead",
            }
            task.read_units(text, roles.get(kind, "lead"))


class Item:
    """An item being read: its paragraph, then whatever bracket or labelled lines follow it."""

    def __init__(self, line: str, *, number: str = "") -> None:
        self.number = number or numbering(line)
        self.head = strip_numbering(line)
        self.body = self.head
        self.lines: list[str] = []  # labelled lines and a bracket on its own line, as written
        self.parts: list[Part] = []
        self.found_units = False
        found = trailing_bracket(self.head)
        if found and found[0]:
            self.body = found[0]
            self.head = f"{found[0]}（{found[1]}）"
            self.add(labelled(found[1]))
        inline = INLINE_LABEL_RE.search(self.body)
        if inline:
            self.add(labelled(self.body[inline.start() :]))
            self.body = self.body[: inline.start()].rstrip()
        last = re.split(r"(?<=[。；;])", self.body.rstrip("。"))[-1]
        sentence = SENTENCE_UNITS_RE.match(last.strip("。 "))
        if sentence and not self.found_units:
            self.add([(None, sentence.group(1))])

    def add(self, parts: list[Part], line: str = "") -> None:
        self.parts.extend(parts)
        self.found_units = True
        if line:
            self.lines.append(line)

    def task(self) -> ParsedTask:
        first = re.split(r"[。；;]", self.body, maxsplit=1)[0].strip()
        title = first.rstrip("。.；; ")[:200] or self.head[:200]
        task = ParsedTask(title=title, text="\n".join([self.head, *self.lines]), number=self.number)
        read_parts(task, self.parts)
        task.needs_review = not task.has_lead()
        return task
