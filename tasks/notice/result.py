"""What the reader finds in a notice: its frame, sections and items. Plain data: the importer
(tasks.services.workplan_import) turns it into rows, matching unit names; the web import keeps it in the
session between preview and confirmation (to_dict, from_dict)."""

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .deadlines import parse_due
from .units import Responsibility


@dataclass(kw_only=True)
class ParsedTask(Responsibility):
    title: str
    text: str
    needs_review: bool = False
    deadline: str = ""  # the 完成时限 text as written
    due: date | None = None
    number: str = ""

    def set_units(self, *, lead: str, support: str) -> None:
        """Replace the task's units with those read from staff's corrections, as a notice's would be; what
        the reader doubted is settled by them."""
        self.clear_units()
        self.doubts = []
        self.read_units(lead, "lead")
        self.read_units(support, "support")
        self.needs_review = not self.has_lead()

    def set_deadline(self, text: str, year: int | None) -> None:
        self.deadline = text.strip()
        self.due = parse_due(self.deadline, year) if year else None


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
    # Lines and table rows that are neither an item, a heading nor a repeated header: shown for staff.
    unplaced: list[str] = field(default_factory=list)
    # What the reader applied to the whole notice (排在首位的为牵头单位), and what it was unsure of (a column
    # it could not place): shown to staff in the preview.
    conventions: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> list[ParsedTask]:
        return [task for section in self.sections for task in section.tasks]

    def to_json(self) -> dict[str, Any]:
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

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-serialisable: what the web import keeps between preview and confirm."""
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        for section in data["sections"]:
            for task in section["tasks"]:
                task["due"] = task["due"].isoformat() if task["due"] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedNotice":
        def task(values: dict[str, Any]) -> ParsedTask:
            return ParsedTask(
                **{**values, "due": date.fromisoformat(values["due"]) if values["due"] else None}
            )

        sections = [
            ParsedSection(title=s["title"], tasks=[task(t) for t in s["tasks"]]) for s in data["sections"]
        ]
        issued_on = date.fromisoformat(data["issued_on"]) if data["issued_on"] else None
        return cls(**{**data, "issued_on": issued_on, "sections": sections})
