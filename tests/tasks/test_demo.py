from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tasks.models import Milestone, ProgressReport, Status, Task

pytestmark = pytest.mark.django_db


def test_demo_loads_the_2015_plan_with_every_status_and_is_idempotent():
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    counts = (Task.objects.count(), Milestone.objects.count(), ProgressReport.objects.count())
    assert counts == (13, 9, 4)
    statuses = set(Task.objects.with_status(timezone.localdate()).values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert set(ProgressReport.objects.values_list("author__username", flat=True)) == {"unit"}
    call_command("load_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert (Task.objects.count(), Milestone.objects.count(), ProgressReport.objects.count()) == counts
