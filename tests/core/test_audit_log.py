"""The committee's audit log page, its export and one object's history on its page."""

from datetime import datetime
from io import BytesIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from fuzhou_lle.audit.record import audit_record
from fuzhou_lle.audit.views import PAGE_SIZE
from fuzhou_lle.units.models import Unit
from tests.brands.factories import BrandNominationFactory

pytestmark = pytest.mark.django_db

FUZHOU = ZoneInfo("Asia/Shanghai")
URL = reverse("audit_log")


def _at(day, hour=10):
    return datetime(2015, 4, day, hour, tzinfo=FUZHOU)


def _record(actor, action, label, target, *, at=None, changes=None, note=""):
    with mock.patch("django.utils.timezone.now", return_value=at or _at(20)):
        return audit_record(
            actor=actor, action=action, label=label, target=target, changes=changes, note=note
        )


def _shown(response):
    return [row.event for row in response.context["rows"]]


@pytest.fixture
def trail(committee_user, district_user):
    """Four events: the committee renaming a unit and returning a nomination, the district submitting it,
    and the system syncing a unit."""
    nomination = BrandNominationFactory(name="书香鼓楼社区读书会")
    unit = Unit.objects.get(name="市民政局")
    return [
        _record(
            committee_user,
            "unit.update",
            "修改",
            unit,
            at=_at(1),
            changes={"name": ["市民政局", "福州市民政局"], "is_active": [True, False]},
        ),
        _record(district_user, "nomination.submit", "报送", nomination, at=_at(10)),
        _record(committee_user, "nomination.return", "退回修改", nomination, at=_at(15), note="缺少证明材料"),
        _record(None, "unit.sync", "同步", unit, at=_at(20)),
    ]


class TestWhoMayRead:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("persona", ["district_user", "unit_user", "reviewer_user"])
    def test_others_are_refused(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        # A page only the committee has: to anyone else it is not there.
        assert client.get(URL).status_code == 404
        assert client.get(URL, {"format": "xlsx"}).status_code == 404

    def test_my_work_links_to_it_for_the_committee_only(self, client, committee_user, district_user):
        client.force_login(committee_user)
        assert URL in client.get(reverse("my_work")).content.decode()
        client.force_login(district_user)
        assert URL not in client.get(reverse("my_work")).content.decode()


class TestLog:
    def test_newest_first_with_who_what_which_and_changes(self, client, committee_user, trail):
        client.force_login(committee_user)
        response = client.get(URL)
        assert response.status_code == 200
        assert _shown(response) == trail[::-1]
        html = response.content.decode()
        assert "系统" in html and "退回修改" in html and "缺少证明材料" in html
        assert "名称：</span>市民政局 → 福州市民政局" in html
        assert "有效：</span>是 → 否" in html
        # The nomination has a page, so it is a link; a unit has none.
        nomination = trail[1].target_type.get_object_for_this_type(pk=trail[1].target_id)
        assert f'<a href="{nomination.get_absolute_url()}">书香鼓楼社区读书会</a>' in html
        assert ">市民政局</a>" not in html

    def test_filters_by_actor(self, client, committee_user, trail):
        client.force_login(committee_user)
        assert _shown(client.get(URL, {"actor": committee_user.pk})) == [trail[2], trail[0]]

    def test_filters_system_events(self, client, committee_user, trail):
        client.force_login(committee_user)
        assert _shown(client.get(URL, {"actor": "null"})) == [trail[3]]

    def test_filters_by_action(self, client, committee_user, trail):
        client.force_login(committee_user)
        response = client.get(URL, {"action": "nomination.submit"})
        assert _shown(response) == [trail[1]]
        assert ("nomination.return", "退回修改") in response.context["filter"].form.fields["action"].choices

    def test_filters_by_object_type_and_object(self, client, committee_user, trail):
        client.force_login(committee_user)
        unit_type = ContentType.objects.get_for_model(Unit)
        assert _shown(client.get(URL, {"target_type": unit_type.pk})) == [trail[3], trail[0]]
        nomination = trail[1]
        query = {"target_type": nomination.target_type_id, "target_id": nomination.target_id}
        assert _shown(client.get(URL, query)) == [trail[2], trail[1]]

    def test_filters_by_date_range_inclusive(self, client, committee_user, trail):
        client.force_login(committee_user)
        response = client.get(URL, {"at_after": "2015-04-10", "at_before": "2015-04-15"})
        assert _shown(response) == [trail[2], trail[1]]

    def test_bad_filter_is_named_and_ignored(self, client, committee_user, trail):
        client.force_login(committee_user)
        response = client.get(URL, {"actor": "abc", "at_after": "2015-13-45"})
        assert response.status_code == 200
        assert "筛选条件有误" in response.content.decode()
        assert len(_shown(response)) == 4

    def test_pages_by_keyset(self, client, committee_user):
        unit = Unit.objects.get(name="市民政局")
        events = [_record(committee_user, "unit.update", "修改", unit) for _ in range(PAGE_SIZE * 2 + 5)]
        newest_first = events[::-1]
        client.force_login(committee_user)
        first = client.get(URL)
        assert _shown(first) == newest_first[:PAGE_SIZE]
        assert first.context["newer"] is None
        second = client.get(URL, {"before": first.context["older"]})
        assert _shown(second) == newest_first[PAGE_SIZE : PAGE_SIZE * 2]
        third = client.get(URL, {"before": second.context["older"]})
        assert _shown(third) == newest_first[PAGE_SIZE * 2 :]
        assert third.context["older"] is None
        back = client.get(URL, {"after": third.context["newer"]})
        assert _shown(back) == _shown(second)

    def test_paging_keeps_the_filters(self, client, committee_user):
        unit = Unit.objects.get(name="市民政局")
        for _ in range(PAGE_SIZE + 1):
            _record(committee_user, "unit.update", "修改", unit)
        client.force_login(committee_user)
        html = client.get(URL, {"action": "unit.update"}).content.decode()
        assert "?action=unit.update&amp;before=" in html


@pytest.mark.parametrize("value", ["²", "¹²", "٣", "１", "-1", "9" * 30])
def test_a_page_address_of_odd_digits_is_the_first_page_not_an_error(client, committee_user, value):
    client.force_login(committee_user)
    assert client.get(URL, {"before": value}).status_code == 200
    assert client.get(URL, {"after": value}).status_code == 200


class TestExport:
    def test_exports_the_filtered_events(self, client, committee_user, trail):
        client.force_login(committee_user)
        response = client.get(URL, {"actor": committee_user.pk, "format": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        headings = ("时间", "操作人", "操作", "操作代码", "对象类型", "对象", "变更", "说明", "来源地址")
        assert rows[0] == headings
        assert rows[1][1:] == (
            str(committee_user),
            "退回修改",
            "nomination.return",
            "品牌推荐",
            "书香鼓楼社区读书会",
            None,
            "缺少证明材料",
            None,
        )
        assert rows[1][0] == datetime(2015, 4, 15, 10)
        assert rows[2][6] == "名称：市民政局 → 福州市民政局；有效：是 → 否"
        assert len(rows) == 3

    def test_export_neutralises_formulas(self, client, committee_user):
        nomination = BrandNominationFactory(name='=HYPERLINK("http://example.com")')
        _record(committee_user, "nomination.update", "修改", nomination)
        client.force_login(committee_user)
        sheet = load_workbook(BytesIO(client.get(URL, {"format": "xlsx"}).content)).active
        assert sheet["F2"].value == '\'=HYPERLINK("http://example.com")'
        assert sheet["F2"].data_type == "s"


class TestObjectHistory:
    def test_nomination_page_shows_its_events_to_the_committee(self, client, committee_user, trail):
        nomination = BrandNominationFactory._meta.model.objects.get(name="书香鼓楼社区读书会")
        client.force_login(committee_user)
        html = client.get(nomination.get_absolute_url()).content.decode()
        assert 'id="object-events-title"' in html
        assert "缺少证明材料" in html and "报送" in html
        assert f"target_id={nomination.pk}" in html

    def test_district_does_not_see_it(self, client, district_user, gulou):
        nomination = BrandNominationFactory(district=gulou, created_by=district_user)
        _record(district_user, "nomination.create", "新建", nomination)
        client.force_login(district_user)
        response = client.get(nomination.get_absolute_url())
        assert response.status_code == 200
        assert 'id="object-events-title"' not in response.content.decode()
