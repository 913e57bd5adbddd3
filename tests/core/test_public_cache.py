"""Public pages come from the cache for visitors without a session, and a change through a service shows
on them at once."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brands import services as brand_services
from brands.models import Round
from courses import services as course_services
from tasks import services as task_services
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.courses.factories import OfferingFactory
from tests.tasks.factories import MilestoneFactory, ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.fixture
def offering(gulou):
    return OfferingFactory(course__title="太极拳入门", teaching_point__district=gulou)


def test_second_anonymous_visit_is_served_without_touching_the_database(client, offering):
    url = reverse("courses:offering", args=[offering.pk])
    first, first_queries = queries_for(client, url)
    again, again_queries = queries_for(Client(), url)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0
    assert again_queries == 0
    assert "太极拳入门" in again.content.decode()
    assert again["ETag"].startswith('W/"')
    assert again["Last-Modified"]
    assert again["Cache-Control"] == "private, no-cache"  # the page's forms carry a per-visitor token
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_page(client, offering):
    url = reverse("courses:offering", args=[offering.pk])
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    client.get(url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    [value, *_] = token.findall(page.content.decode())
    assert value != "__csrf_token__"
    # The token from the cached page is accepted with this visitor's cookie: the large-type switch works.
    response = visitor.post(reverse("text_size"), {"csrfmiddlewaretoken": value, "next": url})
    assert response.status_code == 302


def test_unchanged_page_answers_304_to_a_conditional_request(client, offering):
    url = reverse("courses:offering", args=[offering.pk])
    client.get(url)
    page = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def test_offering_change_shows_on_the_public_pages_at_once(
    client, offering, committee_user, django_capture_on_commit_callbacks
):
    detail = reverse("courses:offering", args=[offering.pk])
    guide = reverse("courses:guide") + "?q=太极"
    assert "请电话预约报名" not in client.get(detail).content.decode()
    before = client.get(guide).content.decode()
    offering.seats_left = 0
    offering.enrolment = "请电话预约报名"
    with django_capture_on_commit_callbacks(execute=True):
        course_services.offering_save(offering=offering, user=committee_user)
    assert "请电话预约报名" in client.get(detail).content.decode()
    assert client.get(guide).content.decode() != before


def test_round_results_show_in_the_registry_at_once(
    client, committee_user, django_capture_on_commit_callbacks
):
    round_ = RoundFactory(
        publicity_starts_on=timezone.localdate() - datetime.timedelta(days=8),
        publicity_ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    BrandNominationFactory(round=round_, name="坊巷读书会", status="in_publicity")
    registry = reverse("brands:registry")
    assert "坊巷读书会" not in client.get(registry).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        brand_services.round_results_publish(round_=Round.objects.get(pk=round_.pk), user=committee_user)
    assert "坊巷读书会" in client.get(registry).content.decode()


def test_task_closing_shows_on_the_plan_overview_at_once(
    client, committee_user, unit_user, django_capture_on_commit_callbacks
):
    task = TaskFactory(leads=[unit_user.unit], title="建设学习型城市")
    MilestoneFactory(task=task, due_on=timezone.localdate() - datetime.timedelta(days=3))
    overview = reverse("tasks:overview") + f"?year={task.plan.year}"
    before = client.get(overview).content.decode()
    report = ProgressReportFactory(task=task, unit=unit_user.unit, author=unit_user, kind="completion")
    with django_capture_on_commit_callbacks(execute=True):
        task_services.report_accept(report=report, user=committee_user, on=timezone.localdate())
    assert client.get(overview).content.decode() != before


def test_signed_in_users_never_get_the_cached_page(client, offering, committee_user):
    url = reverse("courses:offering", args=[offering.pk])
    Client().get(url)
    client.force_login(committee_user)
    response = client.get(url)
    assert "Cache-Control" not in response or "no-cache" not in response.get("Cache-Control", "")
    assert committee_user.username in response.content.decode() or "退出" in response.content.decode()


def test_large_type_and_htmx_are_cached_apart(client, offering):
    url = reverse("courses:guide")
    plain = client.get(url).content.decode()
    client.cookies["text_size"] = "large"
    assert 'class="text-large"' in client.get(url).content.decode()
    assert 'class="text-large"' not in plain
    fragment = Client().get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
