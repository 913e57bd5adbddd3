"""The line and bracket grammar: how a line is numbered, whether it is a heading, an item or a labelled line,
and what an item's trailing bracket, labelled lines or closing sentence say about who does the work.

A notice writes an item's units in three ways, often mixed in one file: a trailing bracket in any
wording (（牵头单位：…；配合单位：…）, （市教育局牵头，市民政局配合）, （责任单位：…）), a closing sentence
(由市教育局牵头，市民政局配合。), or labelled lines after the item (牵头单位：…, 配合单位：…, 责任领导：…,
完成时限：…)."""

import re

from .result import ParsedTask
from .text import SENTENCE_ENDS, matching_open
from .units import PLAIN, Role, Usage, looks_like_unit_list, split_names

# Labels, longest first where one contains another (牵头责任单位 before 责任单位). The bare verbs (牵头：…；
# 配合：…) are labels too when a colon follows them.
LEAD_LABELS = ("牵头责任单位", "主要责任单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "责任科室",
               "牵头科室", "牵头处室", "主办单位", "牵头", "主责", "主办")  # fmt: skip
SUPPORT_LABELS = ("协同配合单位", "协同责任单位", "配合单位", "配合部门", "协同单位", "协同部门", "参与单位",
                  "参与部门", "协办单位", "协办部门", "配合科室", "配合", "协同", "协办", "参与")  # fmt: skip
# 责任单位 alone names the lead; beside a 牵头 label it names those who share the work.
EITHER_LABELS = ("责任单位", "责任部门", "负责单位", "承办单位", "实施单位")
LEADER_LABELS = ("牵头负责领导", "牵头责任领导", "分管县领导", "分管市领导", "分管领导", "责任领导",
                 "牵头领导", "联系领导", "责任人", "负责人")  # fmt: skip
# Who to call: kept in the item's text, never read as units or leaders.
CONTACT_LABELS = ("联系人", "联系电话", "联系方式", "咨询电话", "热线电话", "联系")
DEADLINE_LABELS = ("完成时限", "时间节点", "完成时间", "完成期限", "时限要求", "时间要求", "截止时间",
                   "完成节点", "时间安排", "时限", "期限")  # fmt: skip
LABEL_KINDS = {
    **dict.fromkeys(LEAD_LABELS, "lead"),
    **dict.fromkeys(SUPPORT_LABELS, "support"),
    **dict.fromkeys(EITHER_LABELS, "either"),
    **dict.fromkeys(LEADER_LABELS, "leader"),
    **dict.fromkeys(DEADLINE_LABELS, "deadline"),
    **dict.fromkeys(CONTACT_LABELS, "contact"),
}
_LABELS = "|".join(sorted(LABEL_KINDS, key=len, reverse=True))
LABEL_RE = re.compile(rf"({_LABELS})\s*[：:]")
LABEL_LINE_RE = re.compile(rf"^({_LABELS})\s*[：:]")
# Labels inside an item's own paragraph, after its text or its bracket: 开展培训。牵头单位：市教育局。
INLINE_LABEL_RE = re.compile(rf"(?<=[。；;！!？?\s）)])({_LABELS})\s*[：:]")
# A label written in square brackets, with or without a colon: 【责任单位】市教育局.
BRACKETED_LABEL_RE = re.compile(rf"[【\[［]\s*({_LABELS})\s*[】\]］]\s*[：:]?")
# What a bracket must mention to be the item's list of units rather than an aside such as （试行）.
UNIT_KEYWORDS = ("牵头", "责任单位", "责任部门", "责任科室", "配合", "成员单位", "主责", "协办", "参与单位",
                 "协同", "负责")  # fmt: skip
# The closing sentence form: 由市教育局牵头，市民政局配合。
SENTENCE_UNITS_RE = re.compile(r"^由(.{2,200}?(?:牵头|负责).*)$")

# The numbering styles a notice's levels use, each with the number as written: 一、 （一） 1. （1） 1） ①.
STYLES = {
    "cn": re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*"),
    "paren_cn": re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*"),
    "arabic": re.compile(r"^(\d{1,3})[.．、](?!\d)\s*"),
    "paren_arabic": re.compile(r"^[（(](\d{1,3})[)）]\s*"),
    "arabic_close": re.compile(r"^(\d{1,3})[)）]\s*"),
    "circled": re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*"),
}
CN_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
MAX_HEADING_LENGTH = 30

# A labelled part of a bracket or line: (kind, text); kind is lead/support/either/leader/deadline, or None
# for text before any label (a clause list such as 市教育局牵头，市民政局配合).
Part = tuple[str | None, str]


def is_heading_like(line: str) -> bool:
    return len(line) <= MAX_HEADING_LENGTH and not any(mark in line for mark in "。；;，,：:")


def numbering_style(line: str) -> tuple[str, re.Match[str]] | None:
    """The line's numbering style and its match, or None for an unnumbered line."""
    for style, pattern in STYLES.items():
        if found := pattern.match(line):
            return style, found
    return None


def strip_numbering(line: str) -> str:
    found = numbering_style(line)
    return line[found[1].end() :] if found else line


def numbering(line: str) -> str:
    """The item's own number as written (1, 一, 3), or ""."""
    found = numbering_style(line)
    return found[1].group(1) if found else ""


def is_numbered(line: str) -> bool:
    return numbering_style(line) is not None


def normalise_labels(line: str) -> str:
    """【责任单位】市教育局 read as 责任单位：市教育局."""
    return BRACKETED_LABEL_RE.sub(r"\1：", line)


def trailing_bracket(paragraph: str) -> tuple[str, str] | None:
    """(text before, bracket content) when the paragraph ends with a bracket naming units, else None."""
    stripped = paragraph.rstrip("。. ")
    if not stripped or stripped[-1] not in ")）":
        return None
    start = matching_open(stripped, len(stripped) - 1)
    if start is None:
        return None
    content = stripped[start + 1 : -1]
    if (
        any(word in content for word in UNIT_KEYWORDS)
        or LABEL_RE.search(content)
        or looks_like_unit_list(content)
    ):
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


def read_parts(task: ParsedTask, parts: list[Part], *, usage: Usage = PLAIN) -> None:
    """Fill the task's units, leaders and deadline from its labelled parts, as the notice writes its lists
    (usage: 排在首位的为牵头单位, its own level)."""
    has_lead_label = any(kind == "lead" for kind, _text in parts)
    for kind, text in parts:
        if kind == "contact":
            continue
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
            task.read_units(text, roles.get(kind, "lead"), usage=usage)


def _label_outside_brackets(text: str) -> int | None:
    """Where the first label standing outside any bracket starts, or None."""
    for found in INLINE_LABEL_RE.finditer(text):
        before = text[: found.start()]
        if sum(ch in "(（" for ch in before) <= sum(ch in ")）" for ch in before):
            return found.start()
    return None


class Item:
    """An item being read: its paragraph, then whatever bracket or labelled lines follow it, and the lines of
    its sub-points once they are known to name no units of their own."""

    def __init__(self, line: str, *, number: str = "") -> None:
        found = numbering_style(line)
        self.style = found[0] if found else None
        self.number = number or (found[1].group(1) if found else "")
        self.line = line
        self.head = strip_numbering(line)
        self.body = self.head
        self.written: list[str] = []  # what follows the head as written: labelled lines, sub-points
        self.parts: list[Part] = []
        self.own_units = False  # its own line names who does the work
        self.units_after = False  # lines after it do
        tail = ""
        if trailing_bracket(self.head) is None and (inline := _label_outside_brackets(self.head)) is not None:
            # 开展培训。（牵头单位：…）完成时限：6月底: the labels after the bracket, then the bracket.
            self.body, tail = self.head[:inline].rstrip(), self.head[inline:]
        found_bracket = trailing_bracket(self.body)
        if found_bracket and found_bracket[0]:
            self.body = found_bracket[0]
            self.head = f"{found_bracket[0]}（{found_bracket[1]}）" + tail
            self.add(labelled(found_bracket[1]))
        if (inline := _label_outside_brackets(self.body)) is not None:
            self.add(labelled(self.body[inline:]))
            self.body = self.body[:inline].rstrip()
        if tail:
            self.add(labelled(tail))
        last = re.split(r"(?<=[。；;])", self.body.rstrip("。"))[-1]
        sentence = SENTENCE_UNITS_RE.match(last.strip("。 "))
        if sentence and not self.found_units:
            self.add([(None, sentence.group(1))])

    @property
    def found_units(self) -> bool:
        return self.own_units or self.units_after

    @property
    def heading(self) -> bool:
        """A short line without sentence marks or units: a heading, unless lines after it name units."""
        return not self.parts and is_heading_like(self.head) and not self.line.endswith(tuple(SENTENCE_ENDS))

    def add(self, parts: list[Part], line: str = "", *, after: bool = False) -> None:
        """Parts of its own line, or of a line after it (`line`, kept in its text, or `after`: a bracket on a
        line of its own, joined to its head)."""
        self.parts.extend(parts)
        names_units = any(kind not in ("leader", "deadline", "contact") for kind, _text in parts)
        if line:
            self.written.append(line)
        if line or after:
            self.units_after = self.units_after or names_units
        else:
            self.own_units = self.own_units or names_units

    def add_point(self, item: "Item") -> None:
        """A sub-point (or a sub-point's whole group) that belongs to this item's text."""
        self.written.extend([item.line, *item.written])

    def take_units(self, item: "Item") -> None:
        """The last sub-point, whose lines after it name units for this whole item."""
        self.add_point(item)
        self.parts.extend(item.parts)
        self.units_after = True

    @property
    def title(self) -> str:
        first = re.split(r"[。；;]", self.body, maxsplit=1)[0].strip()
        return first.rstrip("。.；; ")[:200] or self.head[:200]

    def task(self, *, usage: Usage = PLAIN) -> ParsedTask:
        task = ParsedTask(title=self.title, text="\n".join([self.head, *self.written]), number=self.number)
        read_parts(task, self.parts, usage=usage)
        task.needs_review = not task.has_lead()
        return task
