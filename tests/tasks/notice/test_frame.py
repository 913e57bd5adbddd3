"""The frame around the body: title, 文号, issuer and signing date."""

from datetime import date

import pytest

from tasks.notice import parse_file, parse_text
from tasks.notice.frame import document_number, signature, title
from tests.tasks.notices import NUMBERED, UNNUMBERED


def test_header_with_document_number_and_chinese_numeral_date():
    notice = parse_file(NUMBERED.encode("gb18030"), "2016.txt")
    assert notice.title == "2016年福州市终身教育工作要点"
    assert notice.document_number == "榕终教委〔2016〕3号"
    assert notice.issuer == "福州市终身教育促进委员会"
    assert notice.issued_on == date(2016, 3, 2)
    assert notice.preamble == "2016年，全市终身教育工作要以建设学习型城市为目标。"


def test_plan_without_wrapper_or_signature():
    notice = parse_text(UNNUMBERED)
    assert (notice.title, notice.year, notice.issuer, notice.issued_on) == (
        "2017年福州市终身教育工作要点",
        2017,
        "",
        None,
    )


def test_year_given_overrides_the_title():
    assert parse_text(UNNUMBERED, year=2018).year == 2018


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["福州市终身教育促进委员会", "2015年3月18日"],
            ("福州市终身教育促进委员会", date(2015, 3, 18), {0, 1}),
        ),
        (["福州市教育局  二〇一六年三月二日"], ("福州市教育局", date(2016, 3, 2), {0})),
        (["福州市教育局办公室    2015年3月18日印发"], ("", date(2015, 3, 18), {0})),
        (["抄送：市政府办公厅。"], ("", None, {0})),
        (["开展培训。"], ("", None, set())),
    ],
)
def test_signature(lines, expected):
    assert signature(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["关于印发2015年福州市终身教育工作要点的通知", "现将《2015年福州市终身教育工作要点》印发给你们"],
         ("2015年福州市终身教育工作要点", 1)),
        (["通知", "2017年福州市社区教育工作计划", "正文"], ("2017年福州市社区教育工作计划", 2)),
        (["关于印发社区教育工作要点的通知", "正文"], ("社区教育工作要点", 1)),
        (["随便一行", "正文"], ("随便一行", 1)),
        ([], ("", 0)),
    ],
)  # fmt: skip
def test_title(lines, expected):
    assert title(lines) == expected


def test_document_number_in_any_bracket():
    assert document_number(["榕终教委〔2016〕3号"]) == "榕终教委〔2016〕3号"
    assert document_number(["闽教职成[2019] 12 号"]) == "闽教职成[2019] 12 号"
    assert document_number(["没有文号"]) == ""
