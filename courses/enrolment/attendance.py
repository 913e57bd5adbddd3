"""Attendance: the teacher taps each learner present or absent, or the learner scans the session's check-in
QR code; closing the roll marks the rest absent; a learner absent for the term's limit in a row leaves the
class, with notice, and the seat goes to the waitlist. A learner's hours are the sessions they attended."""

import datetime
from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import Offering
from fuzhou_lle.accounts.models import User
from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.audit.record import audit_record, audited

from . import permissions
from .models import Attendance, ClassSession, Enrolment, Household, Method, Status
from .notify import household_notify
from .services import _seat_free, rule_for, status_move

CHECKIN_SALT = "enrolment.checkin"


def class_dates(offering: Offering, *, until: datetime.date | None = None) -> list[datetime.date]:
    """The class's dates (weekly from its first date), up to `until`."""
    last = min(offering.last_date, until) if until else offering.last_date
    dates, day = [], offering.first_date
    while day <= last:
        dates.append(day)
        day += datetime.timedelta(days=7)
    return dates


def roll_date_check(offering: Offering, date: datetime.date) -> None:
    """A roll is taken on a date of the class, today or before."""
    if date not in class_dates(offering):
        raise ValidationError(_("%(date)s 不是这门课的上课日期。") % {"date": date})
    if date > timezone.localdate():
        raise ValidationError(_("还没到 %(date)s，不能点名。") % {"date": date})


def session_open(offering: Offering, date: datetime.date) -> ClassSession:
    roll_date_check(offering, date)
    return ClassSession.objects.get_or_create(offering=offering, date=date)[0]


def roster(offering: Offering) -> QuerySet[Enrolment]:
    """The enrolled learners, in the order the teacher reads them."""
    return (
        Enrolment.objects.filter(offering=offering, status=Status.ENROLLED)
        .select_related("member")
        .order_by("member__name", "pk")
    )


@transaction.atomic
def attendance_mark(
    *, user: User, offering: Offering, date: datetime.date, enrolment: Enrolment, present: bool
) -> Attendance:
    require(user, permissions.can_take_attendance, offering)
    session = session_open(offering, date)
    enrolment = Enrolment.objects.select_for_update().get(
        pk=enrolment.pk, offering=offering, status=Status.ENROLLED
    )
    return _record(session=session, enrolment=enrolment, present=present, method=Method.TAP, actor=user)


def _record(
    *, session: ClassSession, enrolment: Enrolment, present: bool, method: str, actor: User | None
) -> Attendance:
    found = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    attendance = found or Attendance(session=session, enrolment=enrolment, present=present, method=method)
    with audited(
        attendance,
        "present",
        actor=actor,
        action="attendance.mark",
        label=gettext_lazy("点名"),
        target=enrolment,
        new=found is None,
        only_changes=found is not None,
    ):
        attendance.present = present
        attendance.method = method
        attendance.recorded_at = timezone.now()
        attendance.save()
    if not present:
        _release_if_absent(enrolment)
    return attendance


@transaction.atomic
def session_close(*, user: User, offering: Offering, date: datetime.date) -> int:
    """End the roll: everyone enrolled and not marked is absent. Returns how many were marked absent."""
    require(user, permissions.can_take_attendance, offering)
    session = session_open(offering, date)
    ClassSession.objects.select_for_update().get(pk=session.pk)
    marked = Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True)
    absent = list(roster(offering).exclude(pk__in=marked).select_for_update(of=("self",)))
    for enrolment in absent:
        _record(session=session, enrolment=enrolment, present=False, method=Method.TAP, actor=user)
    session.closed = True
    session.save(update_fields=["closed"])
    return len(absent)


def _release_if_absent(enrolment: Enrolment) -> bool:
    """Leave the class after the term's limit of absences in a row, and offer the seat on."""
    rule = rule_for(enrolment.offering)
    if rule is None:
        return False
    last = list(
        Attendance.objects.filter(enrolment=enrolment)
        .order_by("-session__date")
        .values_list("present", flat=True)[: rule.absence_limit]
    )
    if len(last) < rule.absence_limit or any(last):
        return False
    status_move(enrolment, Status.RELEASED, action="enrolment.release", label=gettext_lazy("连续缺勤退班"))
    household_notify(
        enrolment.member.household_id,
        "released",
        _("%(name)s 已连续缺勤 %(count)s 次，按规定退出 %(class)s，名额让给候补学员。如有疑问请联系教学点。")
        % {"name": enrolment.member.name, "count": rule.absence_limit, "class": enrolment.offering.course},
    )
    _seat_free(enrolment, timezone.now())
    return True


# The learner's own check-in by the session's QR code


def checkin_link(offering: Offering, date: datetime.date) -> str:
    token = signing.dumps({"o": offering.pk, "d": date.isoformat()}, salt=CHECKIN_SALT, compress=True)
    return reverse("enrolment:checkin", args=[token])


def checkin_from_token(token: str) -> tuple[Offering, datetime.date]:
    try:
        data = signing.loads(token, salt=CHECKIN_SALT)
        offering = Offering.objects.select_related("course", "teaching_point").get(pk=data["o"])
        date = datetime.date.fromisoformat(data["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, Offering.DoesNotExist) as error:
        raise ValidationError(_("签到码无效，请扫描教室里张贴的签到码。")) from error
    if date != timezone.localdate():
        raise ValidationError(_("这是 %(date)s 的签到码，只能在当天签到。") % {"date": date})
    return offering, date


@transaction.atomic
def attendance_checkin(*, household: Household, token: str, enrolment: Enrolment) -> Attendance:
    offering, date = checkin_from_token(token)
    found = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(pk=enrolment.pk, offering=offering, member__household=household, status=Status.ENROLLED)
        .first()
    )
    if found is None:
        raise ValidationError(_("这位学员没有报名这门课。"))
    enrolment = found
    session = session_open(offering, date)
    if (
        session.closed
        and Attendance.objects.filter(session=session, enrolment=enrolment, present=True).exists()
    ):
        raise ValidationError(_("已经签到过了。"))
    attendance = _record(session=session, enrolment=enrolment, present=True, method=Method.SCAN, actor=None)
    audit_record(
        actor=None,
        action="attendance.checkin",
        label=gettext_lazy("扫码签到"),
        target=enrolment,
        note=f"household:{household.pk}",
    )
    return attendance


# Hours


def hours_of(enrolments: Iterable[Enrolment] | QuerySet[Enrolment]) -> dict[int, float]:
    """{enrolment id: hours attended} for the given enrolments, from one grouped query."""
    length = ExpressionWrapper(
        F("session__offering__end_time") - F("session__offering__start_time"), output_field=DurationField()
    )
    rows = (
        Attendance.objects.filter(enrolment__in=enrolments, present=True)
        .values("enrolment_id")
        .annotate(total=Sum(length))
    )
    return {
        row["enrolment_id"]: round(row["total"].total_seconds() / 3600, 1) for row in rows if row["total"]
    }
