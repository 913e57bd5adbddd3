"""Unit names, the role each clause gives them, and collective phrases kept whole."""

import pytest

from tasks.notice import parse_text
from tasks.notice.units import (
    DISTRICTS,
    MEMBERS,
    OTHER_MEMBERS,
    Responsibility,
    collective_group,
    split_names,
)


def read(text, role="lead"):
    units = Responsibility()
    units.read_units(text, role)
    return units


def names(units):
    return units.lead_units, units.supporting_units, units.collective_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市教育局、市民政局", (["市教育局", "市民政局"], [], [])),
        ("市教育局牵头，市民政局、市财政局配合", (["市教育局"], ["市民政局", "市财政局"], [])),
        ("由市教育局牵头，市民政局配合", (["市教育局"], ["市民政局"], [])),
        ("市教育局、市民政局牵头，各有关单位按职责分工负责", (["市教育局", "市民政局"], [], ["各有关单位"])),
        ("市教育局负责", (["市教育局"], [], [])),
        ("市教育局（牵头）、市民政局", (["市教育局"], ["市民政局"], [])),
        ("市教育局、市民政局（配合）", (["市教育局"], ["市民政局"], [])),
        ("各区、县级市", ([], [], ["各区、县级市"])),
        ("市总工会等", (["市总工会"], [], [])),
        ("“市教育局”", (["市教育局"], [], [])),
        ("局", ([], [], [])),  # one character is no name
    ],
)
def test_clauses_give_names_their_roles(text, expected):
    assert names(read(text)) == expected


def test_and_others_marks_the_lead_only():
    assert read("市总工会等").and_others is True
    assert read("市总工会等", "support").and_others is False


def test_a_name_named_twice_is_kept_once_in_its_first_role():
    units = read("市教育局牵头，市教育局、市民政局配合")
    assert names(units) == (["市教育局"], ["市民政局"], [])


@pytest.mark.parametrize(
    ("phrase", "group"),
    [
        ("市终身教育促进委员会各成员单位", MEMBERS),
        ("市终身教育促进委员会其他成员单位", OTHER_MEMBERS),
        ("终身教育促进委员会其余成员单位", OTHER_MEMBERS),
        ("各县（市）区", DISTRICTS),
        ("各县（市、区）人民政府", DISTRICTS),
        ("各县（市）区终身教育促进委员会", DISTRICTS),
        ("各区、县级市", DISTRICTS),
        ("各有关单位", None),
        ("各成员单位有关处室", None),
        ("各乡镇（街道）", None),
        ("市直有关部门", None),
    ],
)
def test_the_groups_the_portal_knows(phrase, group):
    assert collective_group(phrase) == group


def test_groups_set_the_flags_for_their_role():
    assert read("市终身教育促进委员会各成员单位").all_members_lead is True
    assert read("市终身教育促进委员会各成员单位", "support").all_members_support is True
    other = read("市终身教育促进委员会其他成员单位")
    assert (other.all_members_lead, other.all_members_support) == (False, True)


def test_has_lead_needs_a_name_or_a_group_the_portal_knows():
    assert read("市教育局").has_lead()
    assert read("各县（市）区").has_lead()
    assert not read("各有关单位").has_lead()
    assert not read("市教育局", "support").has_lead()


def test_lead_and_support_text_as_staff_would_type_them():
    units = read("市教育局、市民政局等")
    units.read_units("市财政局、各有关单位", "support")
    assert units.lead_text() == "市教育局、市民政局等"
    assert units.support_text() == "市财政局、各有关单位"
    units.clear_units()
    assert (units.lead_text(), units.support_text(), units.and_others) == ("", "", False)


def test_split_names_at_any_separator_a_notice_uses():
    assert split_names("张三、李四，王五;赵六 / 张三") == ["张三", "李四", "王五", "赵六"]


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("各区、县级市", "lead"),
        ("各县（市）区", "support"),
        ("各县（市、区）人民政府", "support"),
        ("各乡镇（街道）", "support"),
        ("各有关单位", "support"),
        ("市直有关部门", "support"),
        ("市终身教育促进委员会其他成员单位", "support"),
        ("各项目牵头单位", "lead"),
    ],
)
def test_a_collective_phrase_is_kept_whole_and_never_a_unit(phrase, role):
    bracket = (
        f"牵头单位：市教育局、{phrase}"
        if role == "lead"
        else f"牵头单位：市教育局；配合单位：市民政局、{phrase}"
    )
    task = parse_text(f"2025年工作要点\n开展培训。全年培训。（{bracket}）").tasks[0]
    assert task.lead_units == ["市教育局"]
    assert task.supporting_units == ([] if role == "lead" else ["市民政局"])
    assert task.collective_units == [{"name": phrase, "role": role}]


@pytest.mark.parametrize(
    "bracket",
    ["责任单位：市教育局（牵头）、市民政局、各县（市）区", "市民政局、市教育局(牵头)、各县（市）区"],
)
def test_a_unit_marked_as_the_lead_in_a_list(bracket):
    task = parse_text(f"2025年工作要点\n开展培训。全年培训。（{bracket}）").tasks[0]
    assert names(task) == (["市教育局"], ["市民政局"], ["各县（市）区"])
    assert task.collective_units[0]["role"] == "support"
