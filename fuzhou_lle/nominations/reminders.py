"""Reminder rules every nomination kind has. Each app registers them for its own models in its
reminders.py through its kit (Kit.reminder_rules); these functions only compute who should hear what."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.reminders.rules import (
    DEFAULT_STEPS,
    Reminder,
    office_users,
    overdue_step,
    register,
    threshold_step,
    users_of,
)
from fuzhou_lle.units.models import Unit

PUBLICITY_STEPS = (3, 1)


def rounds_closing(today: date, round_model, *, rule: str) -> Iterator[Reminder]:
    """Rounds closing in 7, 3 and 1 days, to the district committees that have submitted nothing yet."""
    rounds = round_model.objects.filter(
        opens_at__date__lte=today,
        closes_at__date__gte=today,
        closes_at__date__lte=today + timedelta(days=max(DEFAULT_STEPS)),
        results_published_at__isnull=True,
    )
    for round_ in rounds:
        closes_on = timezone.localdate(round_.closes_at)
        step = threshold_step((closes_on - today).days)
        if step is None:
            continue
        submitted = round_.nominations.counting_towards_quota().values("district")
        waiting = Unit.objects.district_committees().exclude(district__in=submitted)
        message = _("“%(title)s”将于 %(date)s 截止报送，本区尚未报送。") % {
            "title": round_.title,
            "date": closes_on.strftime("%Y-%m-%d"),
        }
        for user in users_of(waiting):
            yield Reminder(
                rule=rule,
                target=round_,
                recipient=user,
                due_on=closes_on,
                step=step,
                message=message,
                url=round_.get_absolute_url(),
            )


def publicity_ending(today: date, round_model, *, rule: str) -> Iterator[Reminder]:
    """Publicity windows ending in 3 and 1 days, to the committee office: time to deal with objections
    and publish the results."""
    rounds = round_model.objects.filter(
        publicity_ends_on__gte=today,
        publicity_ends_on__lte=today + timedelta(days=max(PUBLICITY_STEPS)),
        results_published_at__isnull=True,
    )
    office = office_users()
    for round_ in rounds:
        step = threshold_step((round_.publicity_ends_on - today).days, PUBLICITY_STEPS)
        if step is None:
            continue
        message = _("“%(title)s”公示期将于 %(date)s 结束，请处理异议并公布结果。") % {
            "title": round_.title,
            "date": round_.publicity_ends_on.strftime("%Y-%m-%d"),
        }
        for user in office:
            yield Reminder(
                rule=rule,
                target=round_,
                recipient=user,
                due_on=round_.publicity_ends_on,
                step=step,
                message=message,
                url=round_.get_absolute_url(),
            )


def assignments_due(today: date, assignment_model, *, rule: str) -> Iterator[Reminder]:
    """Unscored review assignments due in 7, 3 and 1 days, and weekly once overdue, to the reviewer."""
    assignments = (
        assignment_model.objects.pending()
        .filter(nomination__status=Status.UNDER_REVIEW, due_on__lte=today + timedelta(days=7))
        .select_related("reviewer", "nomination")
    )
    for assignment in assignments:
        name = assignment.nomination.name
        if assignment.due_on < today:
            message = _("对“%(name)s”的评分已逾期，请尽快完成。") % {"name": name}
        else:
            message = _("请于 %(date)s 前完成对“%(name)s”的评分。") % {
                "date": assignment.due_on.strftime("%Y-%m-%d"),
                "name": name,
            }
        yield Reminder(
            rule=rule,
            target=assignment,
            recipient=assignment.reviewer,
            due_on=assignment.due_on,
            step=due_step(assignment.due_on, today),
            message=message,
            url=assignment.get_absolute_url(),
        )


def due_step(due_on: date, today: date) -> str | None:
    """The 7/3/1-day step before a due date, or the weekly overdue step after it."""
    days_left = (due_on - today).days
    return threshold_step(days_left) if days_left >= 0 else overdue_step(today)


def _rule(name: str, compute, model):
    def rule(today: date):
        return compute(today, model, rule=name)

    # The registry and the reminder log know a rule by its name.
    rule.__name__ = rule.__qualname__ = name
    return register(rule)


def register_kind(kit) -> tuple:
    """Register the rules every nomination kind has (see Kit.reminder_rules), named after its prefix."""
    prefix = kit.rule_prefix
    return (
        _rule(f"{prefix}_rounds_closing", rounds_closing, kit.round_model),
        _rule(f"{prefix}_publicity_ending", publicity_ending, kit.round_model),
        _rule(f"{prefix}_reviews_due", assignments_due, kit.assignment_model),
    )
