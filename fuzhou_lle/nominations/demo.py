"""Demo data helpers shared by brands/demo.py and awards/demo.py: a round open now, and nominations
walked through the real services to the state each should show."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fuzhou_lle.accounts.models import User
from fuzhou_lle.nominations import services

# A one-page PDF: enough for the evidence check and for a browser to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# How far each demo nomination goes.
DRAFT, SUBMITTED, RETURNED, ASSIGNED, SCORED = "draft", "submitted", "returned", "assigned", "scored"


def open_round(round_model, criteria, **fields):
    """The round opened ten days ago and closing at 17:00 in twenty, with its criteria ((name, max
    score) pairs)."""
    now = timezone.localtime()
    round_ = round_model.objects.create(
        opens_at=now - timedelta(days=10),
        closes_at=(now + timedelta(days=20)).replace(hour=17, minute=0, second=0, microsecond=0),
        **fields,
    )
    for order, (name, max_score) in enumerate(criteria, start=1):
        round_.criteria.create(name=name, max_score=max_score, order=order)
    return round_


def nomination_walk(round_, nomination, *, username: str, to: str) -> None:
    """Save `nomination` as a draft of `username`'s district and take it as far as `to`."""
    user = User.objects.get(username=username)
    committee = User.objects.get(username="committee")
    reviewer = User.objects.get(username="reviewer")
    services.nomination_create(round_=round_, user=user, nomination=nomination)
    services.evidence_add(
        nomination=nomination, user=user, upload=SimpleUploadedFile("活动总结.pdf", DEMO_PDF)
    )
    if to == DRAFT:
        return
    services.nomination_submit(nomination=nomination, user=user)
    if to == RETURNED:
        services.nomination_return(
            nomination=nomination, user=committee, reason="请补充近一年活动的照片和参与人数统计。"
        )
        return
    if to == SUBMITTED:
        return
    services.nomination_accept(nomination=nomination, user=committee)
    assignment = services.assignment_create(
        nomination=nomination,
        reviewer=reviewer,
        user=committee,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    if to == SCORED:
        values = {c.pk: Decimal(c.max_score) * Decimal("0.8") for c in round_.criteria.all()}
        services.assignment_score(assignment=assignment, user=reviewer, values=values)
