"""A district's timetable as a spreadsheet: the template they download, and the checks on the one they upload.

Every bad cell is reported by row number and column in Chinese before anything is saved; a sheet is saved
whole or not at all. Rows are matched to existing offerings by the natural key (term, teaching point,
course, weekday, start time), so uploading the same sheet twice changes nothing.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from fuzhou_lle.files.spreadsheets import safe_row
from fuzhou_lle.files.uploads import TIMETABLE, Deadline, open_workbook
from fuzhou_lle.units.models import District

from .models import TIMETABLE_FIELDS, Course, Offering, Teacher, TeachingPoint, Term

# The sheet's column headings: the contract with the districts' spreadsheets, so always in Chinese.
HEADINGS = {
    "course": "课程名称",
    "teaching_point": "教学点",
    "term": "学期",
    "weekday": "星期",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "first_date": "首次上课日期",
    "last_date": "末次上课日期",
    "teacher": "授课教师",
    "seats": "招生名额",
    "seats_left": "剩余名额",
    "fee": "每学期费用（元）",
    "eligibility": "报名条件",
    "enrolment": "报名方式",
}
COLUMNS = [(name, HEADINGS[name]) for name in TIMETABLE_FIELDS]
REQUIRED = set(TIMETABLE_FIELDS) - {"teacher", "fee", "eligibility", "enrolment"}

WEEKDAY_DIGITS = "一二三四五六日"
WEEKDAY_WORDS = {
    **{str(n): str(n) for n in range(1, 8)},
    **{word: str(n) for n, word in enumerate(WEEKDAY_DIGITS, start=1)},
    "天": "7",
}
# A sheet with thousands of bad rows gets the first errors listed and a count of the rest: enough to fix it
# by, and a page a browser can show.
MAX_LISTED_ERRORS = 200
# Columns read per row; the template has 14. A sheet claiming 16,384 columns is not read that wide.
MAX_COLUMNS = 64
TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass
class CellError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("第 %(row)s 行“%(column)s”列：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class SheetCheck:
    offerings: list = field(default_factory=list)  # (row number, Offering, values before or None if new)
    errors: list[CellError] = field(default_factory=list)  # the first MAX_LISTED_ERRORS
    unlisted: int = 0  # errors found beyond those

    @property
    def is_valid(self):
        return not self.errors and bool(self.offerings)

    @property
    def error_count(self):
        return len(self.errors) + self.unlisted

    def add_error(self, error: CellError) -> None:
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)
        else:
            self.unlisted += 1

    def stop(self, error: CellError) -> None:
        """Why checking stopped early (rows or time): listed first, whatever else was found."""
        self.errors.insert(0, error)

    def changes(self):
        """(offering, change) per row, change being "created", "updated" or "unchanged"."""
        for _number, offering, before in self.offerings:
            if before is None:
                yield offering, "created"
            else:
                yield offering, "unchanged" if before == _snapshot(offering) else "updated"


def template_workbook(district: District) -> Workbook:
    """The sheet a district fills in, with a second sheet listing the names it may use."""
    book = Workbook()
    sheet = book.active
    sheet.title = "课表"
    sheet.append([heading for _name, heading in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip(
        "ABCDEFGHIJKLMN", [16, 20, 16, 8, 10, 10, 14, 14, 12, 10, 10, 14, 20, 30], strict=True
    ):
        sheet.column_dimensions[letter].width = width
    weekdays = DataValidation(
        type="list", formula1='"' + ",".join(f"星期{day}" for day in WEEKDAY_DIGITS) + '"', allow_blank=False
    )
    weekdays.error = "请从下拉列表选择星期一至星期日"
    sheet.add_data_validation(weekdays)
    weekdays.add("D2:D1000")

    names = book.create_sheet("可填写的名称")
    names.append(["本区教学点", "课程名称", "学期", "授课教师（重名时写“姓名（单位）”）"])
    columns = [
        list(TeachingPoint.objects.of_district(district).values_list("name", flat=True)),
        list(Course.objects.values_list("title", flat=True)),
        list(Term.objects.values_list("name", flat=True)),
        [str(teacher) for teacher in Teacher.objects.approved()],
    ]
    for i in range(max(map(len, columns), default=0)):
        # Names come from districts' proposals: never let one become a formula in the office's copy.
        names.append(safe_row(column[i] if i < len(column) else None for column in columns))
    notes = book.create_sheet("填写说明")
    for line in [
        "1. 每行填写一个开课安排；第一行标题请勿修改。",
        "2. 星期填写“星期一”至“星期日”；时间如 9:00；日期如 2015-03-02。",
        "3. 首次上课日期须与所填星期一致；末次上课日期不早于首次上课日期。",
        "4. 费用填 0 表示免费；剩余名额不能多于招生名额。",
        "5. 同一学期、教学点、课程、星期和开始时间视为同一行：再次上传会更新该行，不会重复。",
    ]:
        notes.append([line])
    return book


class _Lookups:
    """Every name a sheet may use, loaded once, so checking a sheet costs a handful of queries."""

    def __init__(self, district):
        self.courses = {c.title: c for c in Course.objects.all()}
        self.points = {p.name: p for p in TeachingPoint.objects.of_district(district)}
        self.other_points = set(
            TeachingPoint.objects.exclude(district=district).values_list("name", flat=True)
        )
        self.terms = {t.name: t for t in Term.objects.all()}
        self.teachers_by_label = {}
        self.teachers_by_name = {}
        for teacher in Teacher.objects.approved():
            self.teachers_by_label[str(teacher)] = teacher
            self.teachers_by_name.setdefault(teacher.name, []).append(teacher)
        self.existing = {_key_of(o): o for o in Offering.objects.of_district(district).select_related("term")}


def _key_of(offering):
    return (
        offering.term_id,
        offering.teaching_point_id,
        offering.course_id,
        offering.weekday,
        offering.start_time,
    )


def _text(value):
    if value is None:
        return ""
    return str(value).strip()


def _parse_time(value):
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    match = TIME.match(_text(value))
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return datetime.time(int(match[1]), int(match[2]))
    raise ValueError(_("无法识别时间“%(value)s”，请写成 9:00 这样的格式。") % {"value": _text(value)})


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE.match(_text(value))
    if match:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(_("无法识别日期“%(value)s”，请写成 2015-03-02 这样的格式。") % {"value": _text(value)})


def _parse_count(value):
    text = _text(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text.isascii() and text.isdigit():  # isdigit() alone accepts "²", which int() refuses
        return int(text)
    raise ValueError(_("“%(value)s”不是非负整数。") % {"value": text})


def _parse_weekday(value):
    text = _text(value).replace("星期", "").replace("周", "").replace("礼拜", "")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text in WEEKDAY_WORDS:
        return WEEKDAY_WORDS[text]
    raise ValueError(_("无法识别星期“%(value)s”，请填写星期一至星期日。") % {"value": _text(value)})


def _parse_cell(name, value, lookups):
    text = _text(value)
    if name == "course":
        if text not in lookups.courses:
            raise ValueError(
                _("课程库中没有“%(value)s”，请先向市终身教育促进委员会办公室申请入库。") % {"value": text}
            )
        return lookups.courses[text]
    if name == "teaching_point":
        if text in lookups.points:
            return lookups.points[text]
        if text in lookups.other_points:
            raise ValueError(_("“%(value)s”不是本区的教学点，只能导入本区教学点的课表。") % {"value": text})
        raise ValueError(_("本区没有名为“%(value)s”的教学点，请先在“本区教学点”中添加。") % {"value": text})
    if name == "term":
        if text not in lookups.terms:
            raise ValueError(_("没有名为“%(value)s”的学期。") % {"value": text})
        return lookups.terms[text]
    if name == "teacher":
        if not text:
            return None
        if text in lookups.teachers_by_label:
            return lookups.teachers_by_label[text]
        matches = lookups.teachers_by_name.get(text, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValueError(_("师资库中有多位“%(value)s”，请写成“姓名（单位）”。") % {"value": text})
        raise ValueError(_("师资库中没有教师“%(value)s”（新教师请先推荐入库）。") % {"value": text})
    if name == "weekday":
        return _parse_weekday(value)
    if name in ("start_time", "end_time"):
        return _parse_time(value)
    if name in ("first_date", "last_date"):
        return _parse_date(value)
    if name in ("seats", "seats_left", "fee"):
        return _parse_count(value) if text else 0
    return text


def sheet_check(file, district: District) -> SheetCheck:
    """Read an uploaded .xlsx and check every row; nothing is written. The TIMETABLE policy bounds the work:
    at most max_rows rows with data, for at most max_parse_seconds."""
    check = SheetCheck()
    deadline = Deadline(TIMETABLE)
    try:
        sheet = open_workbook(file, TIMETABLE, deadline=deadline).worksheets[0]
    except ValidationError as error:
        check.add_error(CellError(1, _("文件"), error.messages[0]))
        return check
    rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = [_text(cell) for cell in next(rows, ())]
    missing = [heading for _name, heading in COLUMNS if heading not in header]
    if missing:
        check.add_error(CellError(1, "、".join(missing), _("缺少这些列，请使用下载的模板，不要修改第一行。")))
        return check
    lookups = _Lookups(district)
    try:
        _check_rows(
            check, rows, {name: header.index(heading) for name, heading in COLUMNS}, lookups, deadline
        )
    except ValidationError as error:  # the deadline passed
        check.stop(CellError(1, _("文件"), error.messages[0]))
    if not check.offerings and not check.errors:
        check.add_error(CellError(2, _("整行"), _("表格中没有课表数据。")))
    return check


def _check_rows(check, rows, position, lookups, deadline):
    seen = {}
    read = 0
    required = _("不能为空。")  # translated once: a bad sheet repeats it thousands of times
    for number, cells in enumerate(rows, start=2):
        deadline.check()
        raw = {name: (cells[i] if i < len(cells) else None) for name, i in position.items()}
        if all(_text(value) == "" for value in raw.values()):
            continue
        read += 1
        if read > TIMETABLE.max_rows:
            check.stop(
                CellError(
                    number,
                    _("整行"),
                    _("表格超过 %(limit)s 行，已停止检查。请拆分成几个文件分别上传。")
                    % {"limit": TIMETABLE.max_rows},
                )
            )
            return
        values, row_errors = {}, []
        for name, value in raw.items():
            if name in REQUIRED and _text(value) == "":
                row_errors.append(CellError(number, HEADINGS[name], required))
                continue
            try:
                values[name] = _parse_cell(name, value, lookups)
            except ValueError as error:
                row_errors.append(CellError(number, HEADINGS[name], str(error)))
        if row_errors:
            for error in row_errors:
                check.add_error(error)
            continue
        offering, before = _offering_for(values, lookups)
        try:
            offering.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = HEADINGS.get(name, _("整行"))
                for message in messages:
                    check.add_error(CellError(number, column, message))
            continue
        key = _key_of(offering)
        if key in seen:
            check.add_error(
                CellError(
                    number,
                    _("整行"),
                    _("与第 %(row)s 行重复（同一学期、教学点、课程、星期和开始时间）。") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        check.offerings.append((number, offering, before))


def _snapshot(offering):
    return [
        getattr(offering, f"{name}_id" if name in ("course", "teaching_point", "term", "teacher") else name)
        for name in TIMETABLE_FIELDS
    ]


def _offering_for(values, lookups):
    probe = Offering(
        **{name: values[name] for name in ("course", "teaching_point", "term", "weekday", "start_time")}
    )
    existing = lookups.existing.get(_key_of(probe))
    if existing is None:
        return Offering(**values), None
    before = _snapshot(existing)
    for name, value in values.items():
        setattr(existing, name, value)
    return existing, before
