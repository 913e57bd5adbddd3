"""The rules as a matrix: role × action × own / other unit. Rights follow the role and the unit together:
a reviewer or a district user whose unit happens to lead a task only reads it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from fuzhou_lle.accounts.models import Role
from fuzhou_lle.units.models import Unit
from fuzhou_lle.units.reference import COMMUNITY_UNIVERSITY
from tasks import permissions
from tasks.models import ProgressReport, Task, TaskUnit
from tests.factories import UserFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The task is led by 市社区大学 and supported by 市总工会.
PERSONAS = [
    "anonymous",
    "committee",
    "lead_liaison",  # role unit, unit 市社区大学 (own unit, leading)
    "support_liaison",  # role unit, unit 市总工会 (own unit, supporting)
    "other_liaison",  # role unit, unit 市民政局 (another unit)
    "lead_reviewer",  # role reviewer, unit 市社区大学 (the leading unit, the wrong role)
    "lead_district",  # role district, unit 市社区大学 (the leading unit, the wrong role)
    "district",  # role district, its own district committee (another unit)
]


@pytest.fixture
def people(committee_user, unit_user, other_unit_user, district_user, reviewer_user):
    university = Unit.objects.get(name=COMMUNITY_UNIVERSITY)
    return {
        "anonymous": AnonymousUser(),
        "committee": committee_user,
        "lead_liaison": UserFactory(username="university_liaison", role=Role.UNIT, unit=university),
        "support_liaison": other_unit_user,
        "other_liaison": unit_user,
        "lead_reviewer": reviewer_user,
        "lead_district": UserFactory(username="university_district", role=Role.DISTRICT, unit=university),
        "district": district_user,
    }


@pytest.fixture
def task(reference_units):
    today = timezone.localdate()
    created = TaskFactory(
        section__plan__year=today.year,
        due_on=today - timedelta(days=1),
        leads=[Unit.objects.get(name=COMMUNITY_UNIVERSITY)],
        supports=[Unit.objects.get(name="市总工会")],
    )
    return Task.objects.with_status(today).get(pk=created.pk)


READERS = set(PERSONAS) - {"anonymous"}
MATRIX = {
    # action: the personas allowed
    "read": READERS,
    "manage": {"committee"},
    "report": {"lead_liaison", "support_liaison"},
    "file_completion": {"lead_liaison"},
    "propose_milestone": {"lead_liaison"},
    "add_milestone": {"committee", "lead_liaison"},
    "name_responsible": {"committee", "lead_liaison"},
    "view_evidence": {"committee", "lead_liaison", "support_liaison"},
    "urge": {"committee"},
}


def check(action, user, task):
    lead_link = task.task_units.get(role=TaskUnit.Role.LEAD)
    return {
        "read": lambda: permissions.can_read(user),
        "manage": lambda: permissions.can_manage(user),
        "report": lambda: permissions.can_report(user, task),
        "file_completion": lambda: permissions.can_file(user, task, ProgressReport.Kind.COMPLETION),
        "propose_milestone": lambda: permissions.can_propose_milestone(user, task),
        "add_milestone": lambda: permissions.can_add_milestone(user, task),
        "name_responsible": lambda: permissions.can_name_responsible(user, lead_link),
        "view_evidence": lambda: permissions.can_view_evidence(user, task),
        "urge": lambda: permissions.can_urge(user, task),
    }[action]()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(MATRIX))
def test_rule_matrix(people, task, persona, action):
    assert check(action, people[persona], task) is (persona in MATRIX[action])


@pytest.mark.parametrize(
    ("persona", "kinds"),
    [
        ("lead_liaison", [ProgressReport.Kind.PROGRESS, ProgressReport.Kind.COMPLETION]),
        ("support_liaison", [ProgressReport.Kind.SUPPORT]),
        ("committee", []),
        ("lead_reviewer", []),
        ("lead_district", []),
        ("district", []),
    ],
)
def test_report_kinds_follow_role_and_unit(people, task, persona, kinds):
    assert permissions.report_kinds(people[persona], task) == kinds


def test_collective_phrases_give_member_units_liaisons_their_part(people):
    task = TaskFactory(all_members_lead=True)
    assert permissions.can_report(people["lead_liaison"], task)
    assert permissions.can_propose_milestone(people["other_liaison"], task)
    # The university is a member unit, but its reviewer is not its liaison.
    assert not permissions.can_report(people["lead_reviewer"], task)
    assert not permissions.can_report(people["district"], task)
    supported = TaskFactory(all_members_support=True)
    assert permissions.report_kinds(people["support_liaison"], supported) == [ProgressReport.Kind.SUPPORT]


def test_nobody_reports_adds_milestones_or_urges_on_a_closed_task(people, task):
    task.closed_on = task.due_on
    assert permissions.report_kinds(people["lead_liaison"], task) == []
    assert not permissions.can_propose_milestone(people["lead_liaison"], task)
    assert not permissions.can_add_milestone(people["committee"], task)
    assert not permissions.can_urge(people["committee"], task)


@pytest.mark.parametrize(("days", "urgeable"), [(-1, True), (3, True), (30, False)])
def test_urge_only_overdue_or_due_soon(people, days, urgeable, reference_units):
    today = timezone.localdate()
    created = TaskFactory(section__plan__year=today.year, due_on=today + timedelta(days=days))
    task = Task.objects.with_status(today).get(pk=created.pk)
    assert permissions.can_urge(people["committee"], task) is urgeable
