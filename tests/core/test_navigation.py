"""The header: sections declared by each app's nav hook, the current one marked, and a language switch
that keeps the page and its query both ways."""

import re
from html import unescape

import pytest
from django.urls import reverse

from fuzhou_lle.web.navigation import nav_entries

pytestmark = pytest.mark.django_db
QUERY = "q=%E5%A4%AA%E6%9E%81&weekday=1"  # 太极, Mondays


def nav_links(html):
    """(label, href, aria-current) of the main navigation's links."""
    nav = html.split('<nav class="site-nav')[1].split("</nav>")[0]
    return [
        (label, href, current or None)
        for href, current, label in re.findall(
            r'<a class="nav-link" href="([^"]*)"(?: aria-current="(\w+)")?>([^<]*)</a>', nav
        )
    ]


def language_link(html):
    pattern = r'<a class="btn btn-sm btn-outline-light" href="([^"]*)" lang="([\w-]+)"'
    href, lang = re.search(pattern, html).groups()
    return unescape(href), lang


def test_each_app_declares_its_section_through_the_hook():
    assert [entry.url_name for entry in nav_entries()] == [
        "home",
        "courses:guide",
        "enrolment:mine",
        "brands:registry",
        "awards:stars",
        "tasks:overview",
        "my_work",
    ]


def test_visitor_sees_the_public_sections_with_home_marked_as_the_page(client):
    assert nav_links(client.get("/").content.decode()) == [
        ("首页", "/", "page"),
        ("课程指南", "/courses/", None),
        ("我的报名", "/enrol/mine/", None),
        ("社区教育品牌", "/brands/", None),
        ("终身学习之星", "/awards/", None),
        ("工作要点", "/plan/", None),
    ]


def test_signed_in_user_also_sees_my_work(client, unit_user):
    client.force_login(unit_user)
    links = nav_links(client.get(reverse("my_deadlines")).content.decode())
    assert links[-1] == ("我的工作", "/my/", "true")
    assert [current for *_, current in links[:-1]] == [None] * 6


def test_a_page_inside_a_section_marks_the_section(client, committee_user):
    client.force_login(committee_user)
    links = nav_links(client.get(reverse("tasks:dashboard")).content.decode())
    assert ("工作要点", "/plan/", "true") in links
    assert [label for label, _, current in links if current] == ["工作要点"]


def test_english_pages_link_to_english_sections(client):
    links = nav_links(client.get("/en/courses/").content.decode())
    assert [(href, current) for _, href, current in links] == [
        ("/en/", None),
        ("/en/courses/", "page"),
        ("/en/enrol/mine/", None),
        ("/en/brands/", None),
        ("/en/awards/", None),
        ("/en/plan/", None),
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/plan/?section=2", ("/en/plan/?section=2", "en")),
        ("/en/plan/?section=2", ("/plan/?section=2", "zh-hans")),
        (f"/courses/?{QUERY}", (f"/en/courses/?{QUERY}", "en")),
        (f"/en/courses/?{QUERY}", (f"/courses/?{QUERY}", "zh-hans")),
        ("/en/", ("/", "zh-hans")),
    ],
)
def test_language_switch_keeps_the_page_and_its_query_both_ways(client, path, expected):
    html = client.get(path).content.decode()
    assert language_link(html) == expected


def test_language_switch_on_a_missing_page_leads_to_the_other_home(client):
    assert language_link(client.get("/en/no-such-page/").content.decode()) == ("/", "zh-hans")


def test_favicon_is_served_from_static(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.fullmatch(r"/static/favicon\.\w+\.ico", response["Location"])
    assert '<link rel="icon" href="/static/favicon.' in client.get("/").content.decode()
