"""Reading a work-plan notice: file bytes -> blocks (lines and tables) -> a ParsedNotice.

No Django models: the importer (tasks.services.workplan_import) turns the result into rows, matching unit
names. The stages, each a module: reading (files into text and tables), frame (title, issuer, date),
grammar (lines and brackets), columns (task-breakdown tables), units (names, roles and collective phrases),
deadlines (完成时限 wording), document (the whole notice), result (what is found)."""

from .deadlines import parse_due
from .document import parse_blocks, parse_file, parse_text
from .reading import LEGACY_EXTENSIONS, Table, forms_hint, read_blocks
from .result import ParsedNotice, ParsedSection, ParsedTask
from .text import NoticeError
from .units import DISTRICTS, MEMBERS, OTHER_MEMBERS, collective_group, split_names

__all__ = [
    "DISTRICTS",
    "LEGACY_EXTENSIONS",
    "MEMBERS",
    "OTHER_MEMBERS",
    "NoticeError",
    "ParsedNotice",
    "ParsedSection",
    "ParsedTask",
    "Table",
    "collective_group",
    "forms_hint",
    "parse_blocks",
    "parse_due",
    "parse_file",
    "parse_text",
    "read_blocks",
    "split_names",
]
