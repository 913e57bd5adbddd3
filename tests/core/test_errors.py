"""No input answers 500: the known ones, the database down (503), the cache down (objections still taken),
and the admins' error emails rate-limited."""

import base64
import json
import logging
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brands.models import Objection
from courses.models import TeachingPoint
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.ops.logs import RateLimitedAdminEmailHandler
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.courses.factories import OfferingFactory, TeachingPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """Server errors answered as a browser would see them, not re-raised into the test."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("target", ["0", "home", "//evil.example/", "https://evil.example/", "\n/x", ""])
def test_text_size_with_a_strange_next_goes_home(client, target):
    response = client.post(reverse("text_size"), {"next": target})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_text_size_returns_to_the_page(client):
    response = client.post(reverse("text_size"), {"next": "/courses/?q=太极"})
    assert response["Location"] == "/courses/?q=%E5%A4%AA%E6%9E%81"


@pytest.mark.parametrize(
    "url",
    ["/courses/?district=gu%00lou", "/courses/print/?district=%00", "/courses/api/offerings/?district=%00"],
)
def test_nul_in_a_query_parameter_is_a_bad_request(client, reference_units, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "无法处理该请求" in response.content.decode()


def test_nul_in_a_posted_field_is_a_bad_request(client, district_user):
    client.force_login(district_user)
    response = client.post(reverse("courses:point_create"), {"name": "温泉\x00社区学校"})
    assert response.status_code == 400
    assert not TeachingPoint.objects.exists()


def cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_guide_cursor_holding_nul_starts_from_the_top(client, reference_units):
    offering = OfferingFactory()
    response = client.get(reverse("courses:guide"), {"after": cursor(["2\u0000", "09:00:00", 1])})
    assert response.status_code == 200
    assert [row.pk for row in response.context["page"].rows] == [offering.pk]


@pytest.mark.parametrize(
    ("url", "position"), [("/courses/api/offerings/", "2\u0000"), ("/courses/api/points/", "abc")]
)
def test_api_cursor_forged_is_a_404_not_a_500(client, reference_units, url, position):
    forged = base64.b64encode(f"o=0&p={position}".encode()).decode()
    response = client.get(url, {"cursor": forged})
    assert response.status_code == 404
    assert response.json() == {"detail": "无效游标"}


def test_second_teaching_point_with_the_same_name_is_a_form_error(client, district_user, gulou):
    TeachingPointFactory(name="温泉街道社区学校", district=gulou)
    client.force_login(district_user)
    data = {"name": "温泉街道社区学校", "street": "温泉街道", "address": "温泉路 2 号", "capacity": 40}
    response = client.post(reverse("courses:point_create"), data)
    assert response.status_code == 200
    assert "本区已有名为“温泉街道社区学校”的教学点，请换一个名称。" in response.content.decode()
    assert TeachingPoint.objects.count() == 1


def test_objection_is_taken_while_the_cache_is_down(client, reference_units, caplog):
    now = timezone.now()
    round_ = RoundFactory(
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=10),
        publicity_starts_on=now.date() - timedelta(days=1),
        publicity_ends_on=now.date() + timedelta(days=5),
    )
    nomination = BrandNominationFactory(round=round_, status=Status.IN_PUBLICITY)
    with mock.patch.object(cache, "add", side_effect=ConnectionError("redis is down")):
        response = client.post(
            reverse("brands:objection", args=[nomination.pk]), {"contact": "13800000000", "content": "有异议"}
        )
    assert response.status_code == 302
    assert Objection.objects.get().content == "有异议"
    assert "rate limit objection:127.0.0.1 not applied: the cache is unreachable" in caplog.text


def test_database_down_answers_503_in_chinese(client):
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused):
        response = client.get(reverse("courses:guide"))
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "数据库暂时无法连接" in response.content.decode()


def test_other_errors_stay_500(client, reference_units):
    with mock.patch("courses.views.render", side_effect=RuntimeError("bug")):
        response = client.get(reverse("courses:guide"))
    assert response.status_code == 500
    assert "系统暂时出错" in response.content.decode()


class TestAdminEmails:
    @pytest.fixture(autouse=True)
    def admins(self, settings):
        settings.ADMINS = [("admin", "admin@example.org")]
        cache.clear()

    def log_error(self, handler, exception):
        try:
            raise exception
        except Exception:
            record = logging.getLogger("django.request").makeRecord(
                "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x/",), None
            )
            record.exc_info = sys.exc_info()
            handler.emit(record)

    def test_one_error_is_emailed_at_most_limit_times_an_hour(self):
        handler = RateLimitedAdminEmailHandler(limit=3, period=3600)
        for _ in range(10):
            self.log_error(handler, ValueError("same place"))
        assert len(mail.outbox) == 3
        self.log_error(handler, KeyError("another error"))
        assert len(mail.outbox) == 4

    def test_emails_are_sent_when_the_cache_is_down(self):
        handler = RateLimitedAdminEmailHandler(limit=1, period=3600)
        with mock.patch.object(cache, "add", side_effect=ConnectionError("redis is down")):
            for _ in range(3):
                self.log_error(handler, ValueError("same place"))
        assert len(mail.outbox) == 3

    def test_settings_route_django_errors_through_the_rate_limited_handler(self):
        [handler] = [
            h for h in logging.getLogger("django").handlers if isinstance(h, RateLimitedAdminEmailHandler)
        ]
        assert handler.limit == 3
