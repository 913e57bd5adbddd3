from pathlib import Path

import pytest

from tasks.notice import parse_file
from tasks.services import workplan_import, workplan_publish

NOTICE_2015 = (
    Path(__file__).resolve().parents[2] / "tasks" / "data" / "2015-fuzhou-lifelong-education-workplan.txt"
)


@pytest.fixture
def parsed_2015():
    return parse_file(NOTICE_2015.read_bytes(), NOTICE_2015.name)


@pytest.fixture
def draft_2015(reference_units, parsed_2015):
    plan, _summary = workplan_import(parsed=parsed_2015, source_name=NOTICE_2015.name)
    return plan


@pytest.fixture
def plan_2015(draft_2015):
    """The 2015 plan as published: what units, the public and reminders see."""
    return workplan_publish(plan=draft_2015, user=None)


@pytest.fixture(autouse=True)
def evidence_storage(monkeypatch, tmp_path):
    """Evidence uploaded by tests goes to a temporary private folder, not the checkout's."""
    from django.core.files.storage import FileSystemStorage

    from tasks.models import Evidence

    monkeypatch.setattr(
        Evidence._meta.get_field("file"),
        "storage",
        FileSystemStorage(location=tmp_path / "private", base_url=None),
    )
