"""Every spreadsheet the portal sends goes through fuzhou_lle.files.spreadsheets: text people typed never
comes out as a live formula, in the ranking, the rewards or the ledger."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fuzhou_lle.files.spreadsheets import FORMULA_STARTS, safe_value
from fuzhou_lle.nominations.workflow import Status
from tasks.services import progress_report_create
from tests.brands.factories import BrandNominationFactory, RoundFactory
from tests.tasks.factories import TaskFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def cells(response):
    book = load_workbook(BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_not_formula(response, texts):
    found = {cell.value: cell.data_type for cell in cells(response) if cell.value is not None}
    assert all(data_type != "f" for data_type in found.values())
    for text in texts:
        assert found["'" + text] == "s"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_safe_value_marks_every_formula_start_as_text(start):
    assert safe_value(f"{start}1") == f"'{start}1"
    assert safe_value(12) == 12


def test_ranking_export_keeps_nomination_names_as_text(client, committee_user):
    round_ = RoundFactory()
    for name in HOSTILE:
        BrandNominationFactory(round=round_, name=name, status=Status.UNDER_REVIEW)
    client.force_login(committee_user)
    response = client.get(reverse("brands:ranking", args=[round_.pk]), {"format": "xlsx"})
    assert_text_not_formula(response, HOSTILE)


def test_rewards_export_keeps_nomination_names_as_text(client, committee_user):
    round_ = RoundFactory()
    for name in HOSTILE:
        BrandNominationFactory(round=round_, name=name, status=Status.SELECTED, reward_amount=Decimal("1000"))
    client.force_login(committee_user)
    response = client.get(reverse("brands:rewards", args=[round_.pk]), {"format": "xlsx"})
    assert_text_not_formula(response, HOSTILE)


def test_ledger_keeps_task_titles_and_report_text_as_text(client, committee_user, unit_user):
    plan = WorkPlanFactory(year=2015)
    for title in HOSTILE:
        task = TaskFactory(section__plan=plan, title=title, leads=[unit_user.unit])
        progress_report_create(task=task, user=unit_user, kind="progress", text=title, percent=10)
    client.force_login(committee_user)
    response = client.get(reverse("tasks:ledger"), {"year": 2015})
    assert_text_not_formula(response, HOSTILE)
    assert any(str(cell.value).endswith('：=HYPERLINK("http://x")（10%）') for cell in cells(response))
