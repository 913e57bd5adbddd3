"""Property tests: no input answers 500, and input that is refused writes nothing.

On the demo data, each persona's pages are crawled (every page without parameters and the pages they link to)
and every form found is posted with generated values: the field's own options and values, text of every kind,
numbers and dates out of range, hostile files. GET forms and the paging parameters are fuzzed the same way.
A superuser does the same to every admin add and change form. The run is bounded (FUZZ_EXAMPLES examples per
form, 4 by default) so the suite stays fast; raise it to search harder."""

import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzhou_lle.accounts.demo import DEMO_USERS
from fuzhou_lle.accounts.models import User
from tests.core.test_uploads import BILLION_LAUGHS, real_docx, replace_part
from tests.nominations import EXE_BYTES, PDF_BYTES, png_bytes
from tests.test_smoke import ROUTES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))


def _one_of_each_category() -> list[str]:
    found = {}
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        if category != "Cs" and category not in found:
            found[category] = chr(code)
    return [f"名{char}称" for _category, char in sorted(found.items())]


CATEGORIES = _one_of_each_category()
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Rows these apps write on a refused request are bookkeeping, not the request's effect: axes counts failed
# logins, sessions hold the messages framework's notes.
NOT_COUNTED = {"axes", "sessions"}
# Pages not to crawl: they end the session, or are downloads with no forms. The admin has its own test.
SKIP = ("/accounts/logout/", "/static/", "/media/", ".xlsx", ".ics", "/api/", "/i18n/")
PORTAL_SKIP = (*SKIP, "/admin/")
MAX_PAGES = 150

GARBAGE = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "1e309",
    "²",
    # Digits of other scripts and forms pass str.isdigit(): an ISBN of superscripts was a 500.
    "²³⁴",
    "978030640615⁷",
    "٣٣٣",
    "１２３",
    "2015-02-30",
    "9999-12-31T23:59",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "\u202e\u0000",
    "𠀀" * 300,
    "../../etc/passwd",
    # Line breaks of every kind inside one-line names: a teaching point's reached its calendar feed.
    "名称\n第二行",
    "名称\r\n第二行",
    "名称\u2028第二行\x0b\x0c\x1c\x85",
    # One character of every Unicode general category (surrogates cannot be sent).
    *CATEGORIES,
]
FILES = [
    ("证明.pdf", PDF_BYTES),
    ("证明.pdf", EXE_BYTES),
    ("photo.png", png_bytes()),
    ("课表.xlsx", b"PK\x03\x04broken"),
    ("通知.docx", replace_part(real_docx(), "word/document.xml", BILLION_LAUGHS)),
    ("empty.txt", b""),
]


@dataclass
class Field:
    kind: str  # text, select, checkbox, file, hidden
    values: list = field(default_factory=list)  # the page's own value(s) or options


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)


class FormParser(HTMLParser):
    """The forms and links of a page."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms, self.links = [], []
        self.form = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page_url, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self.form = Form(action, (attrs.get("method") or "get").lower())
            self.forms.append(self.form)
        elif self.form and tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = "text" if tag == "textarea" else attrs.get("type", "text") if tag == "input" else "select"
            kind = {"radio": "select", "submit": "hidden"}.get(kind, kind)
            entry = self.form.fields.setdefault(attrs["name"], Field(kind))
            if tag == "select":
                self.select = entry
            elif attrs.get("value") is not None:
                entry.values.append(attrs["value"])
        elif tag == "option" and self.select is not None and attrs.get("value") is not None:
            self.select.values.append(attrs["value"])
        elif tag == "button" and self.form and attrs.get("name"):
            self.form.fields.setdefault(attrs["name"], Field("select")).values.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def shape(path: str) -> str:
    """/plan/tasks/12/ and /plan/tasks/13/ are one page to the crawler and one form to the fuzzer."""
    return re.sub(r"\d+", "N", path)


def crawl(client, start, *, depth=3, skip=SKIP):
    """Forms (one per action shape and fields) on the pages reachable from `start` in `depth` steps."""
    seen, forms, queue = set(), {}, [(url, 0) for url in start]
    while queue and len(seen) < MAX_PAGES:
        url, steps = queue.pop(0)
        parts = urlsplit(url)
        outside = parts.netloc not in ("", "testserver") or any(part in url for part in skip)
        if outside or shape(parts.path) in seen:
            continue
        seen.add(shape(parts.path))
        response = client.get(parts.path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser(f"http://testserver{parts.path}")
        parser.feed(response.content.decode())
        if steps < depth:
            queue.extend((link, steps + 1) for link in parser.links)
        for form in parser.forms:
            action = urlsplit(form.action).path
            if "/accounts/logout/" not in action:
                forms.setdefault((shape(action), form.method, tuple(sorted(form.fields))), form)
    return list(forms.values())


def value_strategy(entry: Field):
    own = st.sampled_from(entry.values) if entry.values else st.just("")
    if entry.kind == "file":
        return st.sampled_from(FILES).map(lambda named: SimpleUploadedFile(*named))
    if entry.kind == "checkbox":
        return st.sampled_from(["on", ""])
    if entry.kind in ("select", "hidden"):
        return st.one_of(own, st.sampled_from(GARBAGE))
    return st.one_of(own, st.sampled_from(GARBAGE), st.text(max_size=200))


def form_data(form: Form):
    return st.fixed_dictionaries(
        {},
        optional={
            name: value_strategy(entry)
            for name, entry in form.fields.items()
            if name != "csrfmiddlewaretoken"
        },
    )


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in NOT_COUNTED and not model._meta.proxy
    }


def fuzz(client, form: Form):
    path = urlsplit(form.action).path

    @FUZZ
    @given(data=form_data(form))
    def run(data):
        if form.method == "post":
            before = row_counts()
            response = client.post(path, {k: v for k, v in data.items() if v is not None})
            assert response.status_code < 500, (path, data)
            if response.status_code not in (301, 302, 303):
                assert row_counts() == before, (path, data)
        else:
            response = client.get(path, {k: v for k, v in data.items() if not hasattr(v, "read")})
            assert response.status_code < 500, (path, data)

    run()


def start_pages():
    return [reverse(name) for name in ROUTES]


@pytest.mark.parametrize("persona", [None] + [username for username, *_ in DEMO_USERS])
def test_no_form_of_any_page_answers_500_or_writes_when_refused(client, demo, db, persona):
    if persona:
        client.force_login(User.objects.get(username=persona))
    forms = crawl(client, start_pages(), skip=PORTAL_SKIP)
    assert forms
    for form in forms:
        if persona:  # a form may have logged the client out (password change); stay the persona
            client.force_login(User.objects.get(username=persona))
        fuzz(client, form)


PAGING = {
    "courses:guide": ["after", "before", "sort", "q", "district", "street", "page"],
    "courses:compiled": ["district"],
    "courses:api-offering-list": ["cursor", "page_size", "district", "q", "weekday", "free", "category"],
    "courses:api-point-list": ["cursor", "page_size", "district__code", "street"],
    "courses:api-course-list": ["cursor", "page_size", "category", "audiences"],
    "tasks:list": ["page", "year", "section", "unit", "status"],
    "tasks:bulletin": ["month", "year"],
    "tasks:ledger": ["year"],
    "notifications": ["page"],
    "audit_log": ["before", "after", "actor", "action", "target_type", "target_id", "at_after", "at_before"],
}


@pytest.mark.parametrize("name", sorted(PAGING))
def test_no_query_parameter_answers_500(client, demo, db, name):
    client.force_login(User.objects.get(username="committee"))
    fuzz(client, Form(reverse(name), "get", {param: Field("text") for param in PAGING[name]}))


def test_no_admin_form_answers_500_or_writes_when_refused(client, demo, db):
    client.force_login(User.objects.create_superuser("fuzz-root", password="fuzz-root-password-2015"))
    pages = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    forms = crawl(client, pages, depth=0, skip=(*SKIP, "/admin/logout/"))
    forms = [form for form in forms if urlsplit(form.action).path.startswith("/admin/")]
    assert len(forms) >= len(admin.site._registry)
    for form in forms:
        fuzz(client, form)


@FUZZ
@given(name=st.one_of(st.sampled_from(GARBAGE), st.text(min_size=1, max_size=60)))
def test_no_teaching_point_name_breaks_its_calendar(client, reference_units, name):
    from icalendar import Calendar

    from tests.courses.factories import OfferingFactory

    offering = OfferingFactory(teaching_point__name=name.replace("\x00", "")[:100] or "点")
    for url in (
        reverse("courses:point_calendar", args=[offering.teaching_point_id]),
        reverse("courses:offering_calendar", args=[offering.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, name)
        Calendar.from_ical(response.content)
