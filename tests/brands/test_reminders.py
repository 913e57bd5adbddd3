"""Reminder rules of brands and awards, on a fixed clock."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from awards import reminders as award_reminders
from brands import reminders as brand_reminders
from brands.models import Brand
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.reminders.rules import RULES
from fuzhou_lle.reminders.sweep import reminders_sweep
from tests.awards.factories import RoundFactory as StarRoundFactory
from tests.awards.factories import StarNominationFactory
from tests.brands.factories import (
    AssignmentFactory,
    BrandNominationFactory,
    InspectionFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2015, 4, 20)
FUZHOU = ZoneInfo("Asia/Shanghai")

APPS = {
    "brands": (
        RoundFactory,
        BrandNominationFactory,
        brand_reminders.brand_rounds_closing,
        brand_reminders.brand_publicity_ending,
        brand_reminders.brand_reviews_due,
    ),
    "awards": (
        StarRoundFactory,
        StarNominationFactory,
        award_reminders.star_rounds_closing,
        award_reminders.star_publicity_ending,
        award_reminders.star_reviews_due,
    ),
}


def _at(day, hour=17):
    return datetime(day.year, day.month, day.day, hour, tzinfo=FUZHOU)


def test_every_rule_is_registered():
    assert {
        "brand_rounds_closing",
        "brand_publicity_ending",
        "brand_reviews_due",
        "brand_inspections_due",
        "star_rounds_closing",
        "star_publicity_ending",
        "star_reviews_due",
    } <= set(RULES)


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize(("days_left", "step"), [(8, None), (7, "7"), (5, "7"), (3, "3"), (1, "1"), (0, "1")])
def test_round_closing_reminds_districts_that_have_not_submitted(
    app, days_left, step, district_user, other_district_user, committee_user
):
    round_factory, nomination_factory, rule, _publicity, _reviews = APPS[app]
    round_ = round_factory(
        opens_at=_at(TODAY - timedelta(days=20)), closes_at=_at(TODAY + timedelta(days=days_left))
    )
    nomination_factory(round=round_, status=Status.SUBMITTED)  # 鼓楼 has submitted
    nomination_factory(round=round_, district=other_district_user.district)  # 台江 only has a draft
    reminders = list(rule(TODAY))
    if step is None:
        assert reminders == []
    else:
        assert [(r.recipient, r.step, r.due_on, r.target) for r in reminders] == [
            (other_district_user, step, TODAY + timedelta(days=days_left), round_)
        ]
        assert "尚未报送" in reminders[0].message


@pytest.mark.parametrize("app", APPS)
def test_publicity_ending_reminds_the_committee_office(app, committee_user, district_user):
    round_factory, _nomination, _closing, rule, _reviews = APPS[app]
    round_ = round_factory(
        opens_at=_at(TODAY - timedelta(days=40)),
        closes_at=_at(TODAY - timedelta(days=20)),
        publicity_starts_on=TODAY - timedelta(days=4),
        publicity_ends_on=TODAY + timedelta(days=2),
    )
    assert [(r.recipient, r.step, r.target) for r in rule(TODAY)] == [(committee_user, "3", round_)]
    assert list(rule(TODAY + timedelta(days=3))) == []  # ended


def test_review_due_reminds_the_reviewer_until_scored(reviewer_user):
    assignment = AssignmentFactory(reviewer=reviewer_user, due_on=TODAY + timedelta(days=2))
    rule = brand_reminders.brand_reviews_due
    assert [(r.recipient, r.step) for r in rule(TODAY)] == [(reviewer_user, "3")]
    assert [r.step for r in rule(TODAY + timedelta(days=4))] == ["overdue-2015-W17"]
    assignment.completed_at = _at(TODAY)
    assignment.save()
    assert list(rule(TODAY)) == []


def test_inspection_due_reminds_the_committee_office(committee_user):
    inspection = InspectionFactory(due_on=TODAY + timedelta(days=7))
    rule = brand_reminders.brand_inspections_due
    assert [(r.recipient, r.step, r.target) for r in rule(TODAY)] == [(committee_user, "7", inspection)]
    Brand.objects.update(status=Brand.Status.REVOKED)
    assert list(rule(TODAY)) == []


def test_round_page_shows_the_committee_who_was_reminded(client, committee_user, other_district_user):
    round_ = RoundFactory(opens_at=_at(TODAY - timedelta(days=20)), closes_at=_at(TODAY + timedelta(days=3)))
    reminders_sweep(today=TODAY)
    client.force_login(committee_user)
    html = client.get(f"/brands/rounds/{round_.pk}/").content.decode()
    assert "提醒记录" in html
    assert f"{other_district_user}（台江区终身教育促进委员会）" in html
