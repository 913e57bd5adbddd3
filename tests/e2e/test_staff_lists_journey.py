"""The committee works through a large round in the browser: summary, filter, next page, ranking."""

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from brands.models import BrandNomination, Criterion, Round
from fuzhou_lle.accounts import demo
from fuzhou_lle.accounts.models import User
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import District
from fuzhou_lle.units.services import reference_units_ensure

PASSWORDS = {username: password for username, password, *_ in demo.DEMO_USERS}


@pytest.fixture
def large_round(transactional_db):
    reference_units_ensure()
    demo.load(StringIO())
    now = timezone.now()
    round_ = Round.objects.create(
        year=2015,
        batch="第九批",
        title="2015年第九批市级社区教育品牌创建",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
    )
    Criterion.objects.create(round=round_, name="特色鲜明", max_score=50, order=1)
    gulou, taijiang = District.objects.get(code="gulou"), District.objects.get(code="taijiang")
    author = User.objects.get(username="district")
    BrandNomination.objects.bulk_create(
        BrandNomination(
            round=round_,
            district=gulou if i % 3 else taijiang,
            status=Status.SUBMITTED if i % 2 else Status.UNDER_REVIEW,
            name=f"社区学习点{i:03d}",
            organiser="社区学校",
            category=BrandNomination.Category.READING,
            year_started=2010,
            description="读书会",
            achievements="服务居民",
            participants_per_year=100,
            contact_name="王老师",
            contact_phone="0591-87654321",
            created_by=author,
        )
        for i in range(120)
    )
    return round_


def test_committee_filters_a_large_round_and_pages_through_it(page, login, large_round):
    login("committee", PASSWORDS["committee"])
    page.goto(large_round.get_absolute_url())
    summary = page.locator("#round-summary")
    assert "已报送" in summary.inner_text() and "120" in summary.inner_text()
    page.get_by_label("状态", exact=True).select_option("submitted")
    page.get_by_label("县（市）区", exact=True).select_option("gulou")
    page.get_by_role("button", name="筛选", exact=True).click()
    page.wait_for_url("**status=submitted**")
    rows = page.locator("#nominations-title ~ .table-responsive tbody tr")
    assert rows.count() == 40  # 60 submitted, two thirds of them from 鼓楼区
    page.goto(large_round.get_absolute_url())
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2**")
    assert rows.count() == 50
    assert page.get_by_text("2 / 3").is_visible()
    page.goto(f"{large_round.get_absolute_url()}ranking/")
    assert page.get_by_role("heading", name="评审排名").is_visible()
