"""The rules as a matrix: role × action × own / other unit."""

import pytest

from fuzhou_lle.models import Unit
from tasks import permissions
from tasks.models import ProgressReport
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db

# committee; unit_user's 市民政局 leads the task; other_unit_user's 市总工会 supports it; the district
# committee and reviewer's 市社区大学 have no part in it.
PERSONAS = ["anonymous", "committee", "lead", "support", "district", "uninvolved_member"]


@pytest.fixture
def people(client, committee_user, unit_user, other_unit_user, district_user, reviewer_user):
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "committee": committee_user,
        "lead": unit_user,
        "support": other_unit_user,
        "district": district_user,
        "uninvolved_member": reviewer_user,
    }


@pytest.fixture
def task(reference_units):
    return TaskFactory(
        leads=[Unit.objects.get(name="市民政局")], supports=[Unit.objects.get(name="市总工会")]
    )


MATRIX = {
    # action: the personas allowed
    "read": {"committee", "lead", "support", "district", "uninvolved_member"},
    "manage": {"committee"},
    "report": {"lead", "support"},
    "propose_milestone": {"lead"},
    "add_milestone": {"committee", "lead"},
    "view_evidence": {"committee", "lead", "support"},
}


def check(action, user, task):
    return {
        "read": lambda: permissions.can_read(user),
        "manage": lambda: permissions.can_manage(user),
        "report": lambda: permissions.can_report(user, task),
        "propose_milestone": lambda: permissions.can_propose_milestone(user, task),
        "add_milestone": lambda: permissions.can_add_milestone(user, task),
        "view_evidence": lambda: permissions.can_view_evidence(user, task),
    }[action]()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(MATRIX))
def test_rule_matrix(people, task, persona, action):
    assert check(action, people[persona], task) is (persona in MATRIX[action])


@pytest.mark.parametrize(
    ("persona", "kinds"),
    [
        ("lead", [ProgressReport.Kind.PROGRESS, ProgressReport.Kind.COMPLETION]),
        ("support", [ProgressReport.Kind.SUPPORT]),
        ("committee", []),
        ("district", []),
    ],
)
def test_report_kinds_follow_the_units_part(people, task, persona, kinds):
    assert permissions.report_kinds(people[persona], task) == kinds


def test_collective_phrases_give_member_units_their_part(people):
    task = TaskFactory(all_members_lead=True)
    assert permissions.can_report(people["uninvolved_member"], task)
    assert permissions.can_propose_milestone(people["lead"], task)
    assert not permissions.can_report(people["district"], task)
    supported = TaskFactory(all_members_support=True)
    assert permissions.report_kinds(people["support"], supported) == [ProgressReport.Kind.SUPPORT]


def test_nobody_reports_on_a_closed_task(people, task):
    task.closed_on = task.due_on
    assert permissions.report_kinds(people["lead"], task) == []
    assert not permissions.can_propose_milestone(people["lead"], task)
