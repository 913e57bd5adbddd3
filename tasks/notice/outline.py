"""The notice's levels (一、 （一） 1. （1） …): which lines are headings, which are tasks, and which are
sub-points of a task. Units belong to the level where they are written: a line that names units is a task,
and the lines below it that name none are its sub-points, part of its text; a line that names none, with
tasks below it, is a heading. Units written once after a group of sub-points belong to the item above the
group."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .grammar import Item, numbering_style, strip_numbering
from .result import ParsedSection, ParsedTask
from .units import Usage

SEMICOLON_ENDS = ("；", ";")


@dataclass
class Entry:
    """One line of the body (an item or a heading), or one row of a task table (a task or a heading)."""

    item: Item | None = None
    task: ParsedTask | None = None  # a table row, already read: always a task of its own
    title: str = ""  # a table's heading row
    children: list["Entry"] = field(default_factory=list)
    depth: float = 0

    @property
    def style(self) -> str | None:
        if self.item is not None:
            return self.item.style
        found = numbering_style(self.title) if self.title else None
        return found[0] if found else None

    @property
    def heading(self) -> bool:
        return self.item.heading if self.item is not None else self.task is None

    @property
    def names_units(self) -> bool:
        return self.task is not None or (self.item is not None and self.item.found_units)

    def units_below(self) -> bool:
        return any(child.names_units or child.units_below() for child in self.children)


def _depth(entry: Entry, ranks: dict[str, int]) -> float:
    """How deep a line sits: its numbering style's rank (styles ranked by first appearance); an unnumbered
    heading sits above every level, an unnumbered item or a table row below every level."""
    style = entry.style
    if style is not None:
        return ranks.setdefault(style, len(ranks))
    return -1 if entry.heading and entry.task is None else math.inf


def _tree(entries: list[Entry]) -> list[Entry]:
    """The entries as a tree: each line under the nearest line above it of a higher level."""
    ranks: dict[str, int] = {}
    roots: list[Entry] = []
    stack: list[Entry] = []
    for entry in entries:
        entry.children = []
        entry.depth = _depth(entry, ranks)
        while stack and stack[-1].depth >= entry.depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


def sections(entries: list[Entry], *, usage: Usage) -> list[ParsedSection]:
    """The sections and their tasks, in document order; a heading with no task under it is a higher level
    of numbering than the one that heads the tasks, and is dropped."""
    roots = _tree(entries)
    found: list[ParsedSection] = []

    def section(title: str) -> None:
        found.append(ParsedSection(title=title))

    def task(value: ParsedTask) -> None:
        if not found:  # tasks before any heading
            section("")
        found[-1].tasks.append(value)

    def walk(entry: Entry) -> None:
        if entry.task is not None:
            task(entry.task)
            return
        if entry.item is None:  # a table's heading row
            section(strip_numbering(entry.title).rstrip("。"))
            for child in entry.children:
                walk(child)
            return
        item = entry.item
        if not item.found_units and _takes_group_units(entry):
            *points, last = entry.children
            for point in points:
                _absorb(item, point)
            assert last.item is not None
            item.take_units(last.item)
            made = item.task(usage=usage)
            made.doubt(_("单位写在最后一个小项之后，已作为整条任务的责任单位，请核对。"))
            task(made)
            return
        if item.found_units:
            separate = []
            for child in entry.children:
                if child.names_units or child.units_below():
                    separate.append(child)
                else:
                    _absorb(item, child)
            task(item.task(usage=usage))
            for child in separate:
                walk(child)
            return
        if entry.units_below() or item.heading:
            section(item.title if not item.heading else item.head)
            for child in entry.children:
                walk(child)
            return
        for child in entry.children:  # an item that names no units: its sub-points are part of it
            _absorb(item, child)
        task(item.task(usage=usage))

    for root in roots:
        walk(root)
    return [s for s in found if s.tasks]


def _absorb(item: Item, entry: Entry) -> None:
    """A unit-less line and everything below it, as part of an item's text."""
    if entry.item is not None:
        item.add_point(entry.item)
    for child in entry.children:
        _absorb(item, child)


def _takes_group_units(entry: Entry) -> bool:
    """Whether units written after the last of an item's sub-points belong to the item: its sub-points name
    no units of their own, only lines after the last one do; and the item is a group of sub-points rather
    than the notice's top heading (a sentence, a heading below the top level, or sub-points written as one
    list with semicolons)."""
    children = entry.children
    if not children or any(child.children or child.item is None for child in children):
        return False
    *points, last = children
    assert last.item is not None
    if any(point.names_units for point in points) or last.item.own_units or not last.item.units_after:
        return False
    item = entry.item
    assert item is not None
    listed = any(point.item is not None and point.item.line.endswith(SEMICOLON_ENDS) for point in points)
    at_top = entry.depth <= 0  # an unnumbered heading, or the first numbering style the notice uses
    return not item.heading or not at_top or listed
