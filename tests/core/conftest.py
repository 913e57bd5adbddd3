"""Reminder fixtures: a test-only rule."""

import pytest

from fuzhou_lle.reminders.rules import RULES, Reminder, overdue_step, register, threshold_step


@pytest.fixture
def deadlines():
    """Registers the test rule `test_deadline` for one test: `deadlines[target] = (due_on, [users])` gives
    any object a deadline; its users are reminded 7, 3 and 1 days before, then weekly while overdue."""
    found = {}

    def test_deadline(today):
        for target, (due_on, users) in found.items():
            days_left = (due_on - today).days
            step = threshold_step(days_left) if days_left >= 0 else overdue_step(today)
            for user in users if step else []:
                yield Reminder(
                    rule="test_deadline",
                    target=target,
                    recipient=user,
                    due_on=due_on,
                    step=step,
                    message=f"{target}的测试事项将于{due_on.month}月{due_on.day}日截止",
                    url=f"/test/{target._meta.model_name}/{target.pk}/",
                )

    register(test_deadline)
    yield found
    del RULES["test_deadline"]
