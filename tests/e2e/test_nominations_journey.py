"""A brand nomination from draft to published result, through the browser, role by role."""

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from brands.models import Brand, BrandNomination, Criterion, Round
from fuzhou_lle.accounts import demo
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.services import reference_units_ensure
from tests.nominations import PDF_BYTES, private_storage_dir  # noqa: F401

PASSWORDS = {username: password for username, password, *_ in demo.DEMO_USERS}


@pytest.fixture
def round_(transactional_db):
    reference_units_ensure()
    demo.load(StringIO())
    now = timezone.now()
    round_ = Round.objects.create(
        year=2015,
        batch="第二批",
        title="2015年第二批市级社区教育品牌创建",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
    )
    Criterion.objects.create(round=round_, name="特色鲜明", max_score=50, order=1)
    Criterion.objects.create(round=round_, name="实际效果", max_score=50, order=2)
    return round_


def test_district_submits_committee_returns_reviewer_scores_committee_publishes(page, login, round_):
    def as_user(username):
        page.context.clear_cookies()
        login(username, PASSWORDS[username])

    # The district drafts a nomination, attaches evidence and submits it.
    as_user("district")
    page.goto(round_.get_absolute_url())
    page.get_by_role("link", name="新建推荐").click()
    page.get_by_label("品牌名称").fill("书香鼓楼社区读书会")
    page.get_by_label("主办单位").fill("鼓东街道社区学校")
    page.get_by_label("品牌类别").select_option(label="全民阅读")
    page.get_by_label("创办年份").fill("2010")
    page.get_by_label("品牌简介").fill("每月一次的社区读书会。")
    assert page.get_by_text("已输入 11 字，还可输入 989 字").is_visible()
    page.get_by_label("主要成效").fill("五年服务居民两万人次。")
    page.get_by_label("年参与人次").fill("4000")
    page.get_by_label("联系人").fill("王老师")
    page.get_by_label("联系电话").fill("0591-87654321")
    page.get_by_role("button", name="保存").click()
    page.get_by_label("上传证明材料").set_input_files(
        files=[{"name": "活动总结.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="上传", exact=True).click()
    assert page.get_by_role("link", name="活动总结.pdf").is_visible()
    page.get_by_role("button", name="报送").click()
    assert page.get_by_text("已报送，等待").is_visible()
    nomination = BrandNomination.objects.get()
    detail = nomination.get_absolute_url()

    # The committee returns it for revision.
    as_user("committee")
    page.goto(detail)
    page.get_by_label("退回原因").fill("请补充近一年的活动照片。")
    page.get_by_role("button", name="退回修改").click()
    assert page.get_by_text("退回修改", exact=True).first.is_visible()

    # The district sees why and resubmits.
    as_user("district")
    page.goto(detail)
    assert page.get_by_text("请补充近一年的活动照片。").first.is_visible()
    page.get_by_role("button", name="报送").click()
    assert page.get_by_text("已报送，等待").is_visible()

    # The committee takes it into review and assigns the reviewer.
    as_user("committee")
    page.goto(detail)
    page.get_by_role("button", name="材料齐全，进入评审").click()
    page.get_by_label("评审专家").select_option(label="黄评审")
    page.get_by_role("button", name="分配评审专家").click()
    assert page.get_by_text("黄评审（市社区大学）").is_visible()

    # The reviewer finds it in "my work" and scores it.
    as_user("reviewer")
    page.get_by_role("link", name="书香鼓楼社区读书会").first.click()
    page.get_by_label("特色鲜明").fill("45")
    page.get_by_label("实际效果").fill("40")
    page.get_by_role("button", name="保存评分").click()
    assert page.get_by_text("评分已保存。").is_visible()

    # The committee shortlists it, runs the publicity (already over by the time we look) and publishes.
    as_user("committee")
    page.goto(detail)
    page.get_by_role("button", name="入围").click()
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page.goto(round_.get_absolute_url())
    today = timezone.localdate()
    page.get_by_label("公示开始日期").fill(str(today - timedelta(days=7)))
    page.get_by_label("公示结束日期").fill(str(today - timedelta(days=1)))
    page.get_by_role("button", name="发布公示").click()
    page.get_by_role("button", name="公示期满，公布评选结果").click()
    assert page.get_by_text("评选结果已公布。").is_visible()

    nomination.refresh_from_db()
    assert nomination.status == Status.SELECTED
    assert Brand.objects.get().nomination == nomination
    page.goto("/brands/")
    assert page.get_by_role("link", name="书香鼓楼社区读书会").is_visible()
