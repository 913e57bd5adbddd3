"""The outline: which numbered lines are headings, tasks and sub-points."""

from tasks.notice.grammar import Item
from tasks.notice.outline import Entry, sections
from tasks.notice.result import ParsedTask
from tasks.notice.units import PLAIN


def read(*lines, after=None):
    """Entries for `lines`; `after` {index: labelled line} adds a labelled line after a line's item."""
    from tasks.notice.grammar import labelled

    entries = []
    for index, line in enumerate(lines):
        item = Item(line)
        if after and index in after:
            item.add(labelled(after[index]), after[index])
        entries.append(Entry(item=item))
    return sections(entries, usage=PLAIN)


def shape(found):
    return [(s.title, [(t.title, t.lead_units) for t in s.tasks]) for s in found]


def test_units_on_a_line_make_it_a_task_and_the_lines_below_without_units_its_sub_points():
    found = read("一、完善机制", "（一）健全制度。（牵头单位：市教育局）", "1.召开会议；", "2.通报情况。")
    assert shape(found) == [("完善机制", [("健全制度", ["市教育局"])])]
    assert found[0].tasks[0].text.splitlines()[1:] == ["1.召开会议；", "2.通报情况。"]


def test_a_line_below_with_units_of_its_own_is_a_task_of_its_own():
    found = read(
        "（一）健全制度。（牵头单位：市教育局）", "1.召开会议。", "2.通报情况。（牵头单位：市民政局）"
    )
    assert shape(found) == [("", [("健全制度", ["市教育局"]), ("通报情况", ["市民政局"])])]


def test_a_line_without_units_over_tasks_is_a_heading_and_the_deepest_one_names_the_section():
    found = read("一、总体", "（一）发展社区教育", "1.新建学校。（牵头单位：市教育局）", "2.培训教师。")
    assert shape(found) == [("发展社区教育", [("新建学校", ["市教育局"]), ("培训教师", [])])]
    assert found[0].tasks[1].needs_review is True


def test_units_after_the_last_sub_point_belong_to_the_item_above_and_are_marked():
    found = read(
        "一、机制", "（一）推进学分银行建设", "1.制定办法；", "2.建立档案。", after={3: "牵头单位：市教育局"}
    )
    (task,) = found[0].tasks
    assert (task.title, task.lead_units) == ("推进学分银行建设", ["市教育局"])
    assert task.text.splitlines() == [
        "推进学分银行建设",
        "1.制定办法；",
        "2.建立档案。",
        "牵头单位：市教育局",
    ]
    assert "小项" in task.doubts[0]


def test_at_the_notices_top_level_units_after_the_last_item_stay_with_it():
    found = read("一、健全机制", "1.召开会议。", "2.通报情况。", after={2: "牵头单位：市教育局"})
    assert shape(found) == [("健全机制", [("召开会议", []), ("通报情况", ["市教育局"])])]


def test_a_table_row_is_always_a_task_of_its_own():
    row = ParsedTask(title="开展培训", text="开展培训", lead_units=["市教育局"])
    found = sections([Entry(title="一、重点工作"), Entry(task=row)], usage=PLAIN)
    assert shape(found) == [("重点工作", [("开展培训", ["市教育局"])])]
