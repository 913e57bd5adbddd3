"""Who answers for an item: unit names as a notice lists them, the role each clause gives them, collective
phrases (各有关单位, 各乡、镇、街道办事处, …其他成员单位), which are groups kept whole and never units, and
people (a leader's name in a unit column), who are never units either."""

import re
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

from fuzhou_lle.units.reference import DISTRICTS as REFERENCE_DISTRICTS

from .text import split_outside

Role = Literal["lead", "support"]

# A clause's closing verb says the role of the names before it.
VERB_RE = re.compile(
    r"(?:共同)?(?:牵头负责|负责牵头|牵头|按职责分工负责|按照职责分工负责|按职责负责|分工负责|负责落实|负责"
    r"|协同配合|配合实施|配合|协同|协助|参与|协办)(?:实施|落实|推进)?$"
)
# 分别负责, 分别牵头: every unit listed leads its own part, whatever the document's position rule says.
SEVERALLY_RE = re.compile(r"分别(?:牵头)?(?:负责|牵头|实施|落实|推进)*$")
# A unit marked with its role in a bracket: 市教育局（牵头）.
ROLE_MARKER_RE = re.compile(r"[（(](牵头单位|牵头|配合单位|配合|参与|协同|协办)[)）]$")
MARKED_LEAD_RE = re.compile(r"[（(]牵头(?:单位)?[)）]")
LEAD_VERBS = ("牵头",)
SUPPORT_VERBS = ("配合", "协同", "协助", "参与", "协办")
AND_OTHERS = ("等单位", "等部门", "等")
# …等有关部门, …等相关单位: the units named, and others the notice does not name.
AND_RELATED_RE = re.compile(r"^(.{2,}?)等((?:有关|相关|其他)(?:单位|部门|处室|科室)?)$")

# The note that makes the first unit of every list the lead: 排在首位的为牵头单位，以下同.
POSITION_NOTE_RE = re.compile(
    r"[（(]?(?:注[：:]?)?(?:[^，,。；;（）()]{0,8}?中)?(?:排在|排|列在|列|位于|排名|名列)?"
    r"(?:第一位|第一个|第一家|首位|第一)(?:的|者)?(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主责|主办)(?:单位|部门)?"
    r"[，,、]?(?:以下同|下同|余同)?[）)]?[。；;]?"
)

# Collective phrases: a group, never a unit.
COLLECTIVE_RE = re.compile(
    r"各|有关|相关|其他|其余|全体|所有|成员单位|^县[（(]市|^乡镇|^街道|^[市县]直(?!机关工委)"
    r"|^[\d一二三四五六七八九十百]+个(?:县|区|乡|镇|街道|社区|村)"
)
# What may follow a group's first part after 、 or a space and still belong to it: further
# administrative levels (各乡、镇、街道), with the kind of body at those levels (街道办事处, 教育行政部门).
# 市 alone is a level only on its own (各县、市): 市教育局 after a group is a unit.
_LEVELS = r"(?:县级市|县|区|乡|镇|村|街道|社区|居委会|村委会|开发区|园区|[（(][^）)]{0,8}[)）])"
_BODIES = (
    r"(?:人民政府|政府|办事处|党委|党工委|管委会|管委|教育行政部门|行政部门|教育部门|主管部门|有关部门"
    r"|相关部门|部门|单位|教育局|文教局|学校|中小学|成人学校|社区学校|文化站|综合文化站|终身教育促进委员会)"
)
GROUP_PART_RE = re.compile(rf"^(?:市|{_LEVELS}*{_BODIES}|{_LEVELS}+)$")
LEVEL_ONLY_RE = re.compile(rf"^{_LEVELS}+$")
DISTRICTS_RE = re.compile(
    r"^各(?:县级市|[县区市（）()、，,])+(?:人民政府|政府|终身教育促进委员会|终身教育工作机构|教育局)?$"
)
# The groups the portal can resolve to units (tasks.models.GROUP_FLAGS).
MEMBERS, OTHER_MEMBERS, DISTRICTS = "members", "other_members", "districts"

# A unit's name ends like a body; a name written without its level after one that has it (市教育局、民政局)
# takes the same level.
UNIT_END_RE = re.compile(
    r"(?:局|委|办|厅|委员会|办公室|中心|馆|联|会|协|院|部|所|处|科|室|站|队|社|团|公司|集团|大学|学院|学校"
    r"|中学|小学|政府|法院|检察院|银行|台|报社|基地)$"
)
# 市, 县, or a place of two or three characters and its level (福州市, 鼓楼区); never 团市委's 团.
LEVEL_PREFIX_RE = re.compile(r"^((?:[^市县区省团党委]{2,3})?[省市县区])(?=[^市县区省])")
_PREFIXABLE_END_RE = re.compile(r"(?:局|委|办|厅|委员会|办公室|中心|馆|联|会|协|所|站|队)$")
_PLACE_RE = re.compile(r"[省市县区乡镇村]|福州|福建|闽|榕|团")

# People: a surname and one or two characters, or a name with a post (张三同志, 李四副市长).
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "翁柯游詹卓庄阮欧施洪蓝赖连温"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
POSTS_RE = re.compile(
    r"(?:同志|(?:常务)?副?(?:市长|县长|区长|局长|主任|书记|部长|秘书长|处长|科长|校长|主席|院长|组长|调研员))$"
)
# Short names that look like a person but are places: Fuzhou's districts as notices shorten them (马尾, 连江).
PLACES = {name[:-1] for name, _code in REFERENCE_DISTRICTS} | {name for name, _code in REFERENCE_DISTRICTS}
# Words of a bracket that explains rather than lists: （以下简称“市终教委”）, （含职业院校）.
ASIDE_RE = re.compile(r"简称|即|含|包括|以下|是指|指的|例如|如|试行|暂行|草案|\d{4}")
PHONE_RE = re.compile(r"^[\d\-－—()（）\s转]{5,}$")


@dataclass(frozen=True)
class Usage:
    """What a notice says once for all its lists of units."""

    # 排在首位的为牵头单位: a list whose wording gives no roles is led by its first name.
    first_leads: bool = False
    # The notice's own level (a county's notice: 县): 县教育局 after 各乡镇、 is then a unit of its own,
    # where in a city's notice 各乡、县教育局 is one group.
    level: str = "市"


PLAIN = Usage()
OWN_LEVEL_RE = re.compile(r"(?<![社街园片])([省市县区])")


def usage_of(title: str, first_leads: bool) -> Usage:
    """How a notice writes its lists: its level from its title (2023年某县…要点: a county's), and whether
    it has a position note."""
    level = OWN_LEVEL_RE.search(re.sub(r"^\d{4}年", "", title))
    return Usage(first_leads=first_leads, level=level.group(1) if level else "市")


def collective_group(name: str) -> str | None:
    """Which group the portal knows a collective phrase to mean, or None (shown as written)."""
    if "有关" in name or "相关" in name:
        return None
    if "成员单位" in name:
        return OTHER_MEMBERS if re.search("其他|其余", name) else MEMBERS
    if DISTRICTS_RE.match(name) and re.search("[县区]", name):
        return DISTRICTS
    return None


def is_collective(name: str) -> bool:
    return bool(COLLECTIVE_RE.search(name))


def looks_like_person(name: str) -> bool:
    """A person's name (张三, 欧阳明, 李四副市长), never a unit's."""
    bare = POSTS_RE.sub("", name)
    if bare != name and 2 <= len(bare) <= 4 and not UNIT_END_RE.search(bare):
        return True
    if name in PLACES or UNIT_END_RE.search(name) or is_collective(name):
        return False
    if name.startswith(COMPOUND_SURNAMES):
        return 3 <= len(name) <= 4
    return 2 <= len(name) <= 3 and name[0] in SURNAMES and not _PLACE_RE.search(name)


def strip_position_note(text: str) -> str:
    return POSITION_NOTE_RE.sub("", text)


def split_names(text: str) -> list[str]:
    """Leaders' names (or any list) as a notice separates them."""
    return list(dict.fromkeys(name.strip() for name in split_outside(text, "、，,；; /") if name.strip()))


def _names(clause: str, prefix: str = "", usage: Usage = PLAIN) -> tuple[list[str], str]:
    """The names in a clause: a collective phrase kept whole whatever separators sit inside it
    (各乡、镇、街道办事处, 各县（区、市） 教育行政部门), and a level written once for a run of units
    (市教育局、民政局) given to each; with the level to give the next clause's names."""
    names: list[str] = []
    separators: list[str] = []
    current: list[str] = []
    depth = 0
    for char in clause:  # split_outside, keeping which separator ended each part
        depth += char in "(（"
        depth = max(depth - (char in ")）"), 0)
        if char in "、/ ，," and depth == 0:
            names.append("".join(current))
            separators.append(char)
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    result: list[str] = []
    for index, raw in enumerate(names):
        name = raw.strip().strip("“”\"'《》")
        if not name:
            continue
        own_unit = name.startswith(usage.level) and not LEVEL_ONLY_RE.match(name)
        if result and is_collective(result[-1]) and GROUP_PART_RE.match(name) and not own_unit:
            joiner = separators[index - 1] if separators[index - 1] != " " else ""
            result[-1] = f"{result[-1]}{joiner}{name}"
            continue
        if level := LEVEL_PREFIX_RE.match(name):
            prefix = level.group(1) if not is_collective(name) else ""
        elif (
            prefix
            and _PREFIXABLE_END_RE.search(name)
            and not _PLACE_RE.search(name)
            and not is_collective(name)
            and not looks_like_person(name)
        ):
            name = prefix + name
        result.append(name)
    return result, prefix


def looks_like_unit_list(text: str) -> bool:
    """Whether a bracket without labels or verbs is a list of units (（市委宣传部、市教育局等有关部门）)
    rather than an aside (（试行）, （2024年）): every name has a unit's or a group's shape."""
    if ASIDE_RE.search(text):
        return False
    names, _prefix = _names(text)
    bare = [AND_RELATED_RE.sub(r"\1", name).removesuffix("等") for name in names]
    return bool(bare) and all(UNIT_END_RE.search(name) or is_collective(name) for name in bare)


@dataclass(kw_only=True)
class Responsibility:
    """The units an item names in each role, the groups it names as written, what they imply, the people
    named as its leaders, and what the reader was unsure of (shown to staff, never decided for them)."""

    lead_units: list[str] = field(default_factory=list)
    supporting_units: list[str] = field(default_factory=list)
    all_members_lead: bool = False
    all_members_support: bool = False
    and_others: bool = False
    # Groups named as written, in order: [{"name": "各县（市）区", "role": "support"}].
    collective_units: list[dict[str, str]] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @property
    def collective_names(self) -> list[str]:
        return [entry["name"] for entry in self.collective_units]

    @property
    def groups(self) -> list[tuple[str, str | None]]:
        """Each group as written, with what the portal knows it to mean (None: nothing, kept as written)."""
        return [(entry["name"], collective_group(entry["name"])) for entry in self.collective_units]

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

    def doubt(self, message: str) -> None:
        if message not in self.doubts:
            self.doubts.append(message)

    def read_units(self, text: str, role: Role, *, usage: Usage = PLAIN) -> None:
        """Read a list of units such as 市教育局、市民政局牵头，各有关单位按职责分工负责. Under a document's
        position rule (usage.first_leads: 排在首位的为牵头单位) a list whose wording gives no roles is led by
        its first name and supported by the rest, unless it says every unit leads (分别负责)."""
        text = strip_position_note(text)
        named: list[tuple[Role, str]] = []
        worded = bool(MARKED_LEAD_RE.search(text))
        severally = False
        led_here = False
        prefix = ""
        for clause in split_outside(text, "，,；;。"):
            clause = clause.strip().removeprefix("由").strip()
            if not clause:
                continue
            clause_role = role
            if several := SEVERALLY_RE.search(clause):
                severally, clause = True, clause[: several.start()]
            verb = VERB_RE.search(clause)
            if verb and verb.start() > 0:
                words = verb.group(0)
                if any(word in words for word in LEAD_VERBS):
                    clause_role, worded = "lead", True
                elif any(word in words for word in SUPPORT_VERBS):
                    clause_role, worded = "support", True
                elif role == "lead":  # 负责: leads unless someone already leads (各有关单位按职责分工负责)
                    clause_role = "support" if led_here or self.lead_units else "lead"
                clause = clause[: verb.start()]
            elif MARKED_LEAD_RE.search(text):
                clause_role = "support"  # 市教育局（牵头）、市民政局: those not marked share the work
            led_here = led_here or clause_role == "lead"
            names, prefix = _names(clause, prefix, usage)
            for name in names:
                marker = ROLE_MARKER_RE.search(name)
                if marker:  # 市教育局（牵头）, as breakdown tables often mark the lead
                    worded = True
                    named.append(("lead" if "牵头" in marker.group(1) else "support", name[: marker.start()]))
                else:
                    named.append((clause_role, name))
        if severally and role == "lead":
            named = [("lead", name) for _role, name in named]
        elif usage.first_leads and role == "lead" and not worded and len(named) > 1:
            named = [(role if index == 0 else "support", name) for index, (role, name) in enumerate(named)]
        for name_role, name in named:
            self.add_unit(name_role, name)

    def add_unit(self, role: Role, name: str) -> None:
        if related := AND_RELATED_RE.match(name):  # 市教育局等有关部门: a unit, and others unnamed
            self.add_unit(role, related.group(1) + "等")
            self.add_unit(role, related.group(2))
            return
        for suffix in AND_OTHERS:
            if name.endswith(suffix) and len(name) > len(suffix):
                self.and_others = self.and_others or role == "lead"
                name = name[: -len(suffix)]
                break
        if name[:1] in "(（" and name[-1:] in ")）":
            name = name[1:-1]
        name = name.strip()
        if PHONE_RE.match(name):
            self.doubt(_("“%(name)s”像是电话号码，未作为单位。") % {"name": name})
            return
        if len(name) < 2:
            return
        if is_collective(name):
            group = collective_group(name)
            if group == OTHER_MEMBERS or (group == MEMBERS and role == "support"):
                self.all_members_support = True
            elif group == MEMBERS:
                self.all_members_lead = True
            if name not in self.collective_names:
                self.collective_units.append({"name": name, "role": role})
            return
        if looks_like_person(name):
            if name not in self.leaders:
                self.leaders.append(name)
            self.doubt(_("“%(name)s”像是人名，已作为责任领导，未作为单位，请核对。") % {"name": name})
            return
        target = self.lead_units if role == "lead" else self.supporting_units
        if name not in self.lead_units and name not in self.supporting_units:
            target.append(name)
