"""The year's work summary (年度工作总结) as a Word document the office edits and prints.

Laid out as Chinese government documents are (GB/T 9704): A4, margins 37 mm top, 35 mm bottom, 28 mm left,
26 mm right; body text 仿宋 三号 (16 pt) on a fixed 28 pt line; first-level headings 黑体, second-level 楷体;
page numbers "— 1 —" at the foot.
"""

from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .models import Status
from .selectors import plan_statistics, tasks_for_ledger

BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT = "仿宋", "黑体", "楷体", "方正小标宋简体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四
LINE = Pt(28)
CN_ORDINALS = "一二三四五六七八九十"


def cn_ordinal(number: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (headings are numbered 一、 and （一）)."""
    if number <= 10:
        return CN_ORDINALS[number - 1]
    tens, ones = divmod(number, 10)
    return (CN_ORDINALS[tens - 1] if tens > 1 else "") + "十" + (CN_ORDINALS[ones - 1] if ones else "")


def summary_title(plan) -> str:
    if "工作要点" in plan.title:
        return plan.title.replace("工作要点", "工作总结")
    return _("%(year)d年工作总结") % {"year": plan.year}


def _font(run, name, size, *, bold=False):
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    # Word takes Chinese text's font from the East Asian slot, which python-docx does not set.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text, *, font=BODY_FONT, size=BODY_SIZE, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = LINE
    paragraph.paragraph_format.space_after = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size.pt * 2)  # two characters
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _page_numbers(section):
    """— N — centred at the foot of every page, as a PAGE field Word keeps up to date."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", Pt(14))
    run = paragraph.add_run()
    _font(run, "宋体", Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), "宋体", Pt(14))


def _status_line(task) -> str:
    status = Status(task.status)
    if task.closed_on:
        return _("完成情况：%(status)s（%(date)s销号）") % {
            "status": status.label,
            "date": f"{task.closed_on.year}年{task.closed_on.month}月{task.closed_on.day}日",
        }
    due = task.next_due
    return _("完成情况：%(status)s，完成时限 %(date)s") % {
        "status": status.label,
        "date": f"{due.year}年{due.month}月{due.day}日" if due else "—",
    }


def _progress_line(task) -> str:
    latest = task.latest_report[0] if task.latest_report else None
    if latest is None:
        return _("最新进展：暂无进展报告。")
    reported_on = timezone.localtime(latest.created_at)
    return _("最新进展（%(unit)s，%(date)s）：%(text)s") % {
        "unit": latest.unit,
        "date": f"{reported_on.year}年{reported_on.month}月{reported_on.day}日",
        "text": latest.text,
    }


def _unit_table(document, statistics):
    statuses = [row["status"] for row in statistics["by_status"]]
    headers = [_("单位"), _("牵头任务"), *[row["label"] for row in statistics["by_status"]]]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(str(text)), HEADING_FONT, TABLE_SIZE)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in statistics["by_unit"]:
        values = [row["unit"], sum(row[s] for s in statuses), *[row[s] for s in statuses]]
        for index, (cell, value) in enumerate(zip(table.add_row().cells, values, strict=True)):
            _font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, TABLE_SIZE)
            if index:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def annual_summary_docx(plan, today: date) -> bytes:
    """The summary of `plan` as of `today`: each section and task with its lead units, status, closing date
    and latest progress, then a table of task counts per lead unit."""
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section)

    _paragraph(
        document,
        summary_title(plan),
        font=TITLE_FONT,
        size=TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _paragraph(
        document,
        _("（截至%(date)s）") % {"date": f"{today.year}年{today.month}月{today.day}日"},
        font=SUBHEADING_FONT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    statistics = plan_statistics(plan, today)
    counts = {row["status"]: row["count"] for row in statistics["by_status"]}
    _paragraph(
        document,
        _(
            "《%(title)s》共部署任务%(total)d项。截至%(date)s，已销号%(done)d项，正常推进%(on_track)d项，"
            "即将到期%(due_soon)d项，已逾期%(overdue)d项。各项任务进展情况如下。"
        )
        % {
            "title": plan.title,
            "total": statistics["total"],
            "date": f"{today.year}年{today.month}月{today.day}日",
            **counts,
        },
    )
    tasks = list(tasks_for_ledger([plan], today))
    sections = {}
    for task in tasks:
        sections.setdefault(task.section, []).append(task)
    for number, (plan_section, section_tasks) in enumerate(sections.items(), start=1):
        heading = plan_section.title or _("其他工作")
        _paragraph(document, f"{cn_ordinal(number)}、{heading}", font=HEADING_FONT)
        for task_number, task in enumerate(section_tasks, start=1):
            _paragraph(document, f"（{cn_ordinal(task_number)}）{task.title}", font=SUBHEADING_FONT)
            _paragraph(document, _("牵头单位：%(units)s") % {"units": task.lead_label or _("待核对")})
            if task.support_label:
                _paragraph(document, _("配合单位：%(units)s") % {"units": task.support_label})
            _paragraph(document, _status_line(task))
            _paragraph(document, _progress_line(task))
    _paragraph(
        document, f"{cn_ordinal(len(sections) + 1)}、{_('各牵头单位任务完成情况统计')}", font=HEADING_FONT
    )
    _unit_table(document, statistics)
    output = BytesIO()
    document.save(output)
    return output.getvalue()
