"""Dates as notices write them: 完成时限 wording (2025年6月底, 6月30日前, 年底前, 上半年, 第三季度)
and the signing date in Chinese numerals (二〇一五年三月十八日)."""

import calendar
import contextlib
import re
from collections.abc import Sequence
from datetime import date

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}  # fmt: skip
CN_NUMBER = r"[\d〇零○一二三四五六七八九十]"
# A full date, in Arabic or Chinese numerals: 2015年3月18日, 二〇一六年三月二日.
DATE_PART = (
    r"([\d〇零○一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
    r"\s*([\d一二三四五六七八九十]{1,3})\s*日"
)
QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def chinese_number(text: str) -> int | None:
    """An Arabic or Chinese numeral (二〇一五, 十二, 6) as an int, or None."""
    if text.isdigit():
        return int(text)
    try:
        if len(text) == 4 and "十" not in text:  # 二〇一五
            return int("".join(str(CN_DIGITS[ch]) for ch in text))
        if "十" not in text:
            return CN_DIGITS[text]
        tens, _ten, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    except KeyError:
        return None


def date_of(groups: Sequence[str]) -> date | None:
    """The date of DATE_PART's three groups (year, month, day), or None when they name no real day."""
    year, month, day = (chinese_number(part) for part in groups)
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_due(text: str, year: int) -> date | None:
    """The last date a 完成时限 text names, in the plan's year unless it says another; None for 长期坚持,
    持续推进 and other open-ended wording (the text itself is kept on the task)."""
    if not text:
        return None
    found: list[tuple[int, date]] = []
    spans: list[tuple[int, int]] = []

    def take(match: re.Match[str], value: date | None) -> None:
        if value and not any(start <= match.start() < end for start, end in spans):
            found.append((match.start(), value))
            spans.append(match.span())

    for match in re.finditer(
        rf"(?:(\d{{4}})\s*年)?\s*({CN_NUMBER}{{1,3}})\s*月\s*({CN_NUMBER}{{1,3}})\s*[日号]", text
    ):
        month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
        with contextlib.suppress(ValueError):
            take(match, date(int(match.group(1) or year), month or 0, day or 0))
    for match in re.finditer(
        rf"(?:(\d{{4}})\s*年)?\s*({CN_NUMBER}{{1,3}})\s*月\s*(底|末|份|前|中旬|上旬)?", text
    ):
        month = chinese_number(match.group(2)) or 0
        when = match.group(3)
        the_year = int(match.group(1) or year)
        if when == "前":  # 6月前: before June begins
            take(match, _month_end(the_year - (month == 1), 12 if month == 1 else month - 1))
        elif when == "上旬":
            take(match, date(the_year, month, 10) if 1 <= month <= 12 else None)
        elif when == "中旬":
            take(match, date(the_year, month, 20) if 1 <= month <= 12 else None)
        else:
            take(match, _month_end(the_year, month))
    for match in re.finditer(r"(?:(\d{4})\s*年\s*)?(?:第)?([一二三四1-4])\s*季度", text):
        take(match, _month_end(int(match.group(1) or year), QUARTER_END[match.group(2)]))
    for match in re.finditer(r"(?:(\d{4})\s*年\s*)?上半年", text):
        take(match, date(int(match.group(1) or year), 6, 30))
    for match in re.finditer(
        r"(?:(\d{4})\s*)?年(?:底|末|内)|(?:(\d{4})\s*年\s*)?(?:下半年|全年|年度内)", text
    ):
        take(match, date(int(match.group(1) or match.group(2) or year), 12, 31))
    for match in re.finditer(
        r"(\d{4})\s*年(?:度(?!内))?(?![\d一二三四五六七八九十上下底末内度起开以])", text
    ):
        take(match, date(int(match.group(1)), 12, 31))
    # Dates written with dots, dashes or slashes (2025.6.30, 2025-06-30, 2025/6), as spreadsheets keep them.
    for match in re.finditer(r"(?<!\d)(\d{4})[.．/\-](\d{1,2})(?:[.．/\-](\d{1,2}))?(?![\d.．/\-])", text):
        year_, month_ = int(match.group(1)), int(match.group(2))
        if match.group(3):
            with contextlib.suppress(ValueError):
                take(match, date(year_, month_, int(match.group(3))))
        else:
            take(match, _month_end(year_, month_))
    return max(found, key=lambda item: (item[1], item[0]))[1] if found else None
