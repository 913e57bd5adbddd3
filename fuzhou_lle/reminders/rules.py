"""Deadline reminders: each app declares rules, the core's sweep sends each reminder once.

A rule is a function `rule(today) -> iterable of Reminder`, decorated with @register in the app's own
`reminders.py` (found through hooks.app_modules). A rule only says who should hear about what, computed
from the database as it stands `today`; it never sends anything itself. The sweep writes each reminder
to a log whose uniqueness constraint (rule, object, recipient, due date, step) makes sending idempotent.

Steps make catching up after an outage safe: a milestone due in 5 days is at step "7" whether or not
the sweep ran two days ago, so a missed reminder is still sent; once it is due in 3 days it is at step
"3" and the stale "7" is never sent late.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models

from fuzhou_lle.accounts.models import User
from fuzhou_lle.units.models import Unit

RULES: dict[str, Callable[[date], Iterable["Reminder"]]] = {}

DEFAULT_STEPS = (7, 3, 1)


@dataclass(frozen=True)
class Reminder:
    rule: str  # the registered rule's name
    target: models.Model  # what the reminder is about: a Milestone, a Round, …
    recipient: User
    due_on: date
    step: str  # which reminder for this due date: "7", "3", "1", "overdue-2026-W48" …
    message: str  # one line in Chinese for the digest and the in-app list
    url: str  # path of the target's page


def register(rule):
    """Register a rule under its function name."""
    RULES[rule.__name__] = rule
    return rule


def threshold_step(days_left: int, steps: tuple[int, ...] = DEFAULT_STEPS) -> str | None:
    """The step a deadline `days_left` away is at: the smallest threshold not below it, or None when it
    is further off than the largest threshold or already past."""
    if days_left < 0:
        return None
    reached = [step for step in steps if days_left <= step]
    return str(min(reached)) if reached else None


def overdue_step(today: date) -> str:
    """Overdue items are reminded once a week: the step is the ISO week."""
    year, week, _ = today.isocalendar()
    return f"overdue-{year}-W{week:02d}"


def users_of(units) -> models.QuerySet:
    """The active users of the given units (a queryset or a list of units)."""
    return User.objects.filter(unit__in=units, is_active=True)


def users_by_unit(units) -> dict[int, list[User]]:
    """The active users of the given units, by unit id: one query for a rule that reminds many units'
    users about many objects."""
    found = {}
    for user in users_of(units).order_by("pk"):
        found.setdefault(user.unit_id, []).append(user)
    return found


def office_users() -> models.QuerySet:
    """The committee office's active users: where escalations and the office's own deadlines go."""
    return users_of(Unit.objects.filter(kind=Unit.Kind.COMMITTEE_OFFICE))
