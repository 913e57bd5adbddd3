"""Who answers for an item: unit names as a notice lists them, the role each clause gives them, and collective
phrases (各有关单位, 各县（市）区, …其他成员单位), which are groups kept whole and never units."""

import re
from dataclasses import dataclass, field
from typing import Literal

from .text import split_outside

Role = Literal["lead", "support"]

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
# The groups the portal can resolve to units (tasks.models.GROUP_FLAGS).
MEMBERS, OTHER_MEMBERS, DISTRICTS = "members", "other_members", "districts"


def collective_group(name: str) -> str | None:
    """Which group the portal knows a collective phrase to mean, or None (shown as written)."""
    if "有关" in name or "相关" in name:
        return None
    if "成员单位" in name:
        return OTHER_MEMBERS if re.search("其他|其余", name) else MEMBERS
    if DISTRICTS_RE.match(name) and re.search("[县区]", name):
        return DISTRICTS
    return None


def split_names(text: str) -> list[str]:
    """Leaders' names (or any list) as a notice separates them."""
    return list(dict.fromkeys(name.strip() for name in split_outside(text, "、，,；; /") if name.strip()))


def _names(clause: str) -> list[str]:
    """The names in a clause, a collective phrase such as 各区、县级市 kept whole."""
    names: list[str] = []
    for name in split_outside(clause, "、/ ，,"):
        name = name.strip().strip("“”\"'《》")
        if not name:
            continue
        if names and names[-1].startswith("各") and LEVEL_RE.match(name):
            names[-1] = f"{names[-1]}、{name}"
        else:
            names.append(name)
    return names


@dataclass(kw_only=True)
class Responsibility:
    """The units an item names in each role, the groups it names as written, and what they imply."""

    lead_units: list[str] = field(default_factory=list)
    supporting_units: list[str] = field(default_factory=list)
    all_members_lead: bool = False
    all_members_support: bool = False
    and_others: bool = False
    # Groups named as written, in order: [{"name": "各县（市）区", "role": "support"}].
    collective_units: list[dict[str, str]] = field(default_factory=list)

    @property
    def collective_names(self) -> list[str]:
        return [entry["name"] for entry in self.collective_units]

    def collective_in(self, role: Role) -> list[str]:
        return [entry["name"] for entry in self.collective_units if entry["role"] == role]

    def lead_text(self) -> str:
        """The lead units as staff would type them: names, then groups as written."""
        return "、".join([*self.lead_units, *self.collective_in("lead")]) + ("等" if self.and_others else "")

    def support_text(self) -> str:
        return "、".join([*self.supporting_units, *self.collective_in("support")])

    def has_lead(self) -> bool:
        """Whether anyone the portal knows leads: a named unit, or a group it can resolve."""
        return bool(self.lead_units) or any(
            entry["role"] == "lead" and collective_group(entry["name"]) for entry in self.collective_units
        )

    def clear_units(self) -> None:
        self.lead_units, self.supporting_units, self.collective_units = [], [], []
        self.all_members_lead = self.all_members_support = self.and_others = False

    def read_units(self, text: str, role: Role) -> None:
        """Read a list of units such as 市教育局、市民政局牵头，各有关单位按职责分工负责."""
        led_here = False
        for clause in split_outside(text, "，,；;。"):
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
                    clause_role = "support" if led_here or self.lead_units else "lead"
                clause = clause[: verb.start()]
            elif MARKED_LEAD_RE.search(text):
                clause_role = "support"  # 市教育局（牵头）、市民政局: those not marked share the work
            led_here = led_here or clause_role == "lead"
            for name in _names(clause):
                marker = ROLE_MARKER_RE.search(name)
                if marker:  # 市教育局（牵头）, as breakdown tables often mark the lead
                    self.add_unit("lead" if "牵头" in marker.group(1) else "support", name[: marker.start()])
                else:
                    self.add_unit(clause_role, name)

    def add_unit(self, role: Role, name: str) -> None:
        for suffix in AND_OTHERS:
            if name.endswith(suffix) and len(name) > len(suffix):
                self.and_others = self.and_others or role == "lead"
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
                self.all_members_support = True
            elif group == MEMBERS:
                self.all_members_lead = True
            if name not in self.collective_names:
                self.collective_units.append({"name": name, "role": role})
            return
        target = self.lead_units if role == "lead" else self.supporting_units
        if name not in self.lead_units and name not in self.supporting_units:
            target.append(name)
