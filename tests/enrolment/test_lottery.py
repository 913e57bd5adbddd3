"""The lottery: applications in the window, the draw in tiers at its time (once), the waitlist in draw order,
the publication, and the separate script that re-runs it from what was published."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.enrolment import services
from courses.enrolment.lottery import algorithm
from courses.enrolment.models import Enrolment, EnrolmentRule, HouseholdNotice, Status
from courses.enrolment.tasks import enrolment_sweep_task
from courses.models import Offering
from tests.courses.factories import OfferingFactory

from .factories import MemberFactory, RuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lottery_class():
    offering = OfferingFactory(seats=3, seats_left=3)
    now = timezone.now()
    rule = RuleFactory(
        term=offering.term,
        district=offering.teaching_point.district,
        mode=EnrolmentRule.Mode.LOTTERY,
        opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(days=1),
        draw_at=now + datetime.timedelta(days=1, hours=1),
        priority=EnrolmentRule.Priority.NEWCOMERS_FIRST,
    )
    return offering, rule


def apply(member, offering):
    return services.enrolment_claim(household=member.household, member=member, offering=offering)


def test_applications_take_no_seat_and_the_commitment_is_public_before_the_close(client, lottery_class):
    offering, rule = lottery_class
    enrolment = apply(MemberFactory(), offering)
    assert enrolment.status == Status.APPLIED and Offering.objects.get(pk=offering.pk).seats_left == 3
    page = client.get(reverse("enrolment:lottery", args=[rule.pk])).content.decode()
    assert rule.commitment in page and rule.seed not in page
    assert client.get(reverse("enrolment:lottery_data", args=[rule.pk])).status_code == 404


def test_an_application_after_the_window_is_refused(lottery_class):
    offering, rule = lottery_class
    with pytest.raises(ValidationError, match="报名已截止"):
        services.enrolment_claim(
            household=(m := MemberFactory()).household,
            member=m,
            offering=offering,
            now=rule.closes + datetime.timedelta(minutes=1),
        )


def test_the_draw_places_by_tier_then_hash_and_queues_the_rest_in_draw_order(client, lottery_class):
    offering, rule = lottery_class
    applications = [apply(MemberFactory(), offering) for _ in range(8)]
    Enrolment.objects.filter(pk=applications[0].pk).update(returning=True)  # last in tier order
    assert enrolment_sweep_task() == {"expired": 0, "reminded": 0, "offered": 0, "drawn": 0}  # not yet due
    counts = services.lottery_draw(rule=rule, now=rule.draw_at)
    assert counts == {"placed": 3, "waitlisted": 5}
    rule.refresh_from_db()
    expected = algorithm.draw(rule.seed, {str(offering.pk): 3}, rule.published["applications"])[
        str(offering.pk)
    ]
    assert applications[0].token == expected["waitlist"][-1]  # newcomers first
    placed = set(Enrolment.objects.filter(status=Status.ENROLLED).values_list("token", flat=True))
    assert placed == set(expected["placed"])
    queue = list(Enrolment.objects.waiting_queue().values_list("token", flat=True))
    assert queue == expected["waitlist"]
    assert Offering.objects.get(pk=offering.pk).seats_left == 0
    assert HouseholdNotice.objects.filter(kind="lottery").count() == 8
    assert services.lottery_draw(rule=rule) == {"placed": 0, "waitlisted": 0}  # once only
    page = client.get(reverse("enrolment:lottery", args=[rule.pk])).content.decode()
    assert rule.seed in page and "3 份中签" in page


def test_the_published_draw_reruns_to_the_same_result_with_the_separate_script(
    client, lottery_class, tmp_path
):
    offering, rule = lottery_class
    for _ in range(6):
        apply(MemberFactory(), offering)
    services.lottery_draw(rule=rule, now=rule.draw_at)
    published = client.get(reverse("enrolment:lottery_data", args=[rule.pk])).content
    data = json.loads(published)
    assert set(data) >= {"seed", "commitment", "seats", "applications", "result"}
    assert not any("member" in a or "household" in a for a in data["applications"])  # anonymised
    (tmp_path / "published.json").write_bytes(published)
    script = tmp_path / "algorithm.py"
    script.write_bytes(client.get(reverse("enrolment:lottery_algorithm")).content)
    run = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "published.json")], capture_output=True, text=True
    )
    assert run.returncode == 0 and "same as published" in run.stdout and "matches the seed" in run.stdout
    data["result"][str(offering.pk)]["placed"].reverse()
    (tmp_path / "tampered.json").write_text(json.dumps(data))
    tampered = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "tampered.json")], capture_output=True, text=True
    )
    assert tampered.returncode == 1 and "DIFFERENT" in tampered.stdout


def test_the_sweep_draws_a_due_lottery(lottery_class):
    offering, rule = lottery_class
    apply(MemberFactory(), offering)
    EnrolmentRule.objects.filter(pk=rule.pk).update(
        opens=timezone.now() - datetime.timedelta(days=3),
        closes=timezone.now() - datetime.timedelta(hours=2),
        draw_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert enrolment_sweep_task()["drawn"] == 1
    assert Enrolment.objects.get().status == Status.ENROLLED


def test_a_drawn_rule_can_no_longer_be_changed(lottery_class, district_user):
    offering, rule = lottery_class
    services.lottery_draw(rule=rule, now=rule.draw_at)
    rule.cap = 5
    with pytest.raises(ValidationError, match="摇号已完成"):
        services.rule_save(user=district_user, rule=rule)


def test_the_algorithm_file_runs_without_the_portal():
    source = Path(algorithm.__file__).read_text()
    assert "django" not in source and "courses" not in source
