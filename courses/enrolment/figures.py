"""The committee's figures: enrolments, attendance rate and waitlist length by district, category and
audience, each table one grouped query."""

from django.db.models import Count, F, Q

from .models import Attendance, Enrolment, Status

DIMENSIONS = {
    "district": "offering__teaching_point__district__name",
    "category": "offering__course__category__name",
    "audience": "offering__course__audiences__name",
}


def figures(*, term=None, district=None, by: str = "district") -> list[dict]:
    """Rows of {name, enrolled, waiting, present, marked, rate} grouped by `by`, largest first."""
    path = DIMENSIONS[by]
    enrolments = Enrolment.objects.all()
    attendance = Attendance.objects.all()
    if term is not None:
        enrolments = enrolments.filter(term=term)
        attendance = attendance.filter(enrolment__term=term)
    if district is not None:
        enrolments = enrolments.filter(offering__teaching_point__district=district)
        attendance = attendance.filter(enrolment__offering__teaching_point__district=district)
    counts = (
        enrolments.values(name=F(path))
        .annotate(
            enrolled=Count("pk", filter=Q(status__in=[Status.ENROLLED, Status.RELEASED]), distinct=True),
            waiting=Count("pk", filter=Q(status=Status.WAITING), distinct=True),
        )
        .order_by("-enrolled", "name")
    )
    rates = {
        row["name"]: row
        for row in attendance.values(name=F("enrolment__" + path)).annotate(
            present=Count("pk", filter=Q(present=True), distinct=True), marked=Count("pk", distinct=True)
        )
    }
    rows = []
    for row in counts:
        marked = rates.get(row["name"], {}).get("marked", 0)
        present = rates.get(row["name"], {}).get("present", 0)
        rows.append(
            {
                **row,
                "name": row["name"] or "—",
                "marked": marked,
                "present": present,
                "rate": round(100 * present / marked, 1) if marked else None,
            }
        )
    return rows
