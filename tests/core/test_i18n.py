"""The English catalogue: complete, not fuzzy, compiled, and served under /en/."""

import ast
import gettext as gettext_module
import re

import pytest
from django.conf import settings
from django.utils import translation

from tests.courses.factories import OfferingFactory

PO_PATH = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def parse_po(text):
    """The catalogue's entries as dicts: flags, msgid, msgid_plural, msgstr (a str, or a list for plurals).

    Enough of the PO format for gettext's own output: entries separated by blank lines, comments,
    flags, quoted continuation lines; obsolete (#~) entries are skipped."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        entry, field = {"flags": set()}, None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if isinstance(entry[field], list):
                    entry[field][-1] += ast.literal_eval(line)
                else:
                    entry[field] += ast.literal_eval(line)
            else:
                keyword, _, rest = line.partition(" ")
                if keyword.startswith("msgstr["):
                    field = "msgstr"
                    entry.setdefault(field, []).append(ast.literal_eval(rest))
                else:
                    field = keyword
                    entry[field] = ast.literal_eval(rest)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry):
    return entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]


@pytest.fixture(scope="module")
def catalogue():
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


def test_parser_reads_plural_and_continued_strings():
    entries = parse_po(
        '#: a.py:1\n#, python-format\nmsgid ""\n"共 %(n)s 项"\nmsgid_plural "共 %(n)s 项"\n'
        'msgstr[0] "%(n)s "\n"task"\nmsgstr[1] ""\n\nmsgid "首页"\nmsgstr "Home"\n'
    )
    assert entries == [
        {
            "flags": {"python-format"},
            "msgid": "共 %(n)s 项",
            "msgid_plural": "共 %(n)s 项",
            "msgstr": ["%(n)s task", ""],
        },
        {"flags": set(), "msgid": "首页", "msgstr": "Home"},
    ]


def test_catalogue_is_complete_and_not_fuzzy(catalogue):
    header, *messages = catalogue
    assert header["msgid"] == "" and "Language: en" in header["msgstr"]
    assert len(messages) > 300
    fuzzy = [entry["msgid"] for entry in catalogue if "fuzzy" in entry["flags"]]
    assert fuzzy == []
    untranslated = [entry["msgid"] for entry in messages if not all(translations(entry))]
    assert untranslated == []


def test_plurals_have_both_forms(catalogue):
    plurals = [entry for entry in catalogue if "msgid_plural" in entry]
    assert plurals
    for entry in plurals:
        assert len(entry["msgstr"]) == 2, entry["msgid"]


def test_translations_keep_their_placeholders(catalogue):
    for entry in catalogue[1:]:
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po_file(catalogue):
    with MO_PATH.open("rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)
    for entry in catalogue[1:]:
        if "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr"][0]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr"][1]
        elif "msgctxt" in entry:  # the same words meaning another thing ("发布": Published, Publish)
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], "compilemessages is out of date"


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("我的工作", "My work"),
        ("首页", "Home"),
        ("福州市终身教育促进委员会", "Fuzhou Lifelong Education Promotion Committee"),
        ("委员会办公室", "Committee Office"),
        ("工作要点", "Work plan"),
        ("牵头单位", "Lead unit"),
        ("时间节点", "Milestone"),
        ("已销号", "Closed"),
        ("月度通报", "Monthly bulletin"),
        ("站内通知", "In-app notifications"),
        ("终身学习之星", "Star of Lifelong Learning"),
        ("社区教育课表指南", "Community education course guide"),
        ("征集批次", "Nomination rounds"),
        ("终身学习活动品牌", "Lifelong learning activity brands"),
        ("动态检查", "Inspections"),
        ("专项奖励经费", "Special reward funds"),
        ("公示中", "On public notice"),
    ],
)
def test_key_strings_translate(source, english):
    with translation.override("en"):
        assert translation.gettext(source) == english
    with translation.override("zh-hans"):
        assert translation.gettext(source) == source


def test_plural_and_placeholder_strings_translate():
    with translation.override("en"):
        one = translation.ngettext("共 %(counter)s 项任务", "共 %(counter)s 项任务", 1) % {"counter": 1}
        many = translation.ngettext("共 %(counter)s 项任务", "共 %(counter)s 项任务", 3) % {"counter": 3}
        named = translation.gettext("已保存%(unit)s的责任人。") % {"unit": "Civil Affairs"}
    assert (one, many) == ("1 task", "3 tasks")
    assert named == "Responsible person for Civil Affairs saved."
    with translation.override("en"):
        found = [
            translation.ngettext("找到 %(total)s 个开课安排", "找到 %(total)s 个开课安排", n) % {"total": n}
            for n in (1, 2)
        ]
    assert found == ["1 class found", "2 classes found"]


@pytest.mark.django_db
def test_english_home_page_has_english_navigation(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for text in (
        "Home",
        "Work plan",
        "Log in",
        "Skip to main content",
        "Fuzhou Lifelong Education Promotion Committee",
    ):
        assert text in html
    for text in ("首页", "登录", "跳到正文"):
        assert text not in html


@pytest.mark.django_db
def test_english_home_shows_my_work_when_signed_in(client, unit_user):
    client.force_login(unit_user)
    html = client.get("/en/").content.decode()
    assert "My work" in html
    assert "Log out" in html
    assert "我的工作" not in html


@pytest.mark.django_db
def test_english_course_guide_has_english_heading_and_card(client):
    OfferingFactory(course__title="太极拳入门")
    response = client.get("/en/courses/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "<title>Community education course guide" in html
    assert '<h1 class="h2">Community education course guide</h1>' in html
    for text in ("1 class found", "Tuesday", "Free", "Places left: 10", "Clear filters"):
        assert text in html
    for text in ("社区教育课表指南", "找到", "星期二", "免费", "剩余"):
        assert text not in html
