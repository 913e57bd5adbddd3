"""Nomination rounds at city scale for brands' and awards' `bulk.py` (see `seed_bulk`): closed rounds in
review, with nominations from every district in every state of the review, three reviewers each and most
of the scores given."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fuzhou_lle.accounts.models import Role, User
from fuzhou_lle.nominations.workflow import Status
from fuzhou_lle.units.models import District

ROUND_SIZE = 2000  # nominations in one round at most
CRITERIA = [("特色鲜明", 25), ("参与率高", 25), ("实际效果好", 30), ("受大众喜爱", 20)]
STATES = [Status.UNDER_REVIEW] * 14 + [Status.SHORTLISTED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT]
REVIEWERS_EACH = 3


def rounds_seed(models, nomination_model, count, *, rng, nomination_fields, **round_fields):
    """`count` nominations of an app's `models` (brands' or awards') in rounds of ROUND_SIZE; each
    nomination's own fields from nomination_fields(rng, n); `{batch}` in round_fields' text is numbered."""
    Round, Nomination, Assignment, Score = models.Round, nomination_model, models.Assignment, models.Score
    now = timezone.now()
    districts = list(District.objects.order_by("order"))
    authors = {
        user.unit.district_id: user
        for user in User.objects.filter(groups__name=Role.DISTRICT).select_related("unit")
    }
    reviewers = list(
        User.objects.filter(groups__name=Role.REVIEWER, username__startswith="bulk_").order_by("pk")
    )
    office = User.objects.filter(groups__name=Role.COMMITTEE).order_by("pk").first()
    made = 0
    for batch, start in enumerate(range(0, count, ROUND_SIZE), start=1):
        round_ = Round.objects.create(
            year=now.year,
            batch=f"批量第{batch}批",
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=10),
            default_quota=ROUND_SIZE,
            **{
                name: value.format(batch=batch) if isinstance(value, str) else value
                for name, value in round_fields.items()
            },
        )
        criteria = round_.criteria.model.objects.bulk_create(
            round_.criteria.model(round=round_, name=name, max_score=top, order=order)
            for order, (name, top) in enumerate(CRITERIA, start=1)
        )
        nominations = Nomination.objects.bulk_create(
            Nomination(
                round=round_,
                district=districts[n % len(districts)],
                created_by=authors[districts[n % len(districts)].pk],
                status=rng.choice(STATES),
                submitted_at=now - timedelta(days=rng.randint(11, 50)),
                **nomination_fields(rng, start + n),
            )
            for n in range(min(ROUND_SIZE, count - start))
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(
                nomination=nomination,
                reviewer=reviewer,
                assigned_by=office,
                due_on=timezone.localdate() + timedelta(days=rng.randint(-5, 10)),
                completed_at=now - timedelta(days=1) if rng.random() < 0.8 else None,
            )
            for nomination in nominations
            if nomination.status in (Status.UNDER_REVIEW, Status.SHORTLISTED)
            for reviewer in rng.sample(reviewers, REVIEWERS_EACH)
        )
        Score.objects.bulk_create(
            (
                Score(
                    assignment=assignment,
                    criterion=criterion,
                    value=Decimal(rng.randint(top * 5, top * 10)) / 10,
                )
                for assignment in assignments
                if assignment.completed_at
                for criterion, (_name, top) in zip(criteria, CRITERIA, strict=True)
            ),
            batch_size=5000,
        )
        made += len(nominations)
    return made
