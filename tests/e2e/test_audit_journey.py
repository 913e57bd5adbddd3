from io import StringIO

from django.core.management import call_command

from brands.models import BrandNomination
from fuzhou_lle.accounts.demo import DEMO_USERS
from fuzhou_lle.accounts.models import User
from fuzhou_lle.audit.record import audit_record


def test_committee_reads_and_filters_the_audit_log(page, login, transactional_db):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    username, password = DEMO_USERS[0][:2]  # the committee office
    office = User.objects.get(username=username)
    nomination = BrandNomination.objects.exclude(status="draft").first()
    audit_record(
        actor=office,
        action="nomination.return",
        label="退回修改",
        target=nomination,
        changes={"status": ["已报送", "退回修改"]},
        note="请补充近三年活动照片。",
    )
    audit_record(
        actor=office, action="unit.update", label="修改", target=office.unit, changes={"order": [0, 1]}
    )

    login(username, password)
    page.get_by_role("link", name="操作记录").click()
    assert page.get_by_role("heading", name="操作记录").is_visible()
    page.get_by_label("操作", exact=True).select_option(label="退回修改")
    page.get_by_role("button", name="筛选").click()
    assert page.get_by_text("状态：").first.is_visible()
    assert page.get_by_text("请补充近三年活动照片。").is_visible()
    assert page.get_by_role("link", name=nomination.name).count() == 1

    page.get_by_role("link", name=nomination.name).click()
    assert page.get_by_role("heading", name="操作记录").is_visible()
