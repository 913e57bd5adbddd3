"""Staff pages: a district's enrolment rules and class limits, the teacher's roster and attendance on a
phone, the roster as .xlsx, the session's check-in code, and the figures."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Offering, Term
from fuzhou_lle.accounts.permissions import is_committee, require
from fuzhou_lle.files.spreadsheets import xlsx_response

from .. import attendance, permissions, services
from ..figures import DIMENSIONS, figures
from ..forms import LimitsForm, RuleForm
from ..models import Attendance, ClassLimits, ClassSession, EnrolmentRule, Status
from ..qr import absolute, qr_svg
from . import number


def _rules_of(user):
    rules = EnrolmentRule.objects.select_related("term", "district")
    return rules if is_committee(user) else rules.filter(district=user.district)


@login_required
def rule_list(request):
    require(request.user, permissions.keeps_some_rules)
    return render(request, "enrolment/rule_list.html", {"rules": _rules_of(request.user)})


@login_required
def rule_edit(request, pk=None):
    user = request.user
    require(user, permissions.keeps_some_rules)
    if pk is None and user.district is None:
        return redirect("enrolment:rules")  # the committee corrects rules; districts make their own
    rule = get_object_or_404(_rules_of(user), pk=pk) if pk else EnrolmentRule(district=user.district)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(user=user, rule=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("报名规则已保存。"))
            return redirect("enrolment:rules")
    return render(request, "enrolment/rule_form.html", {"form": form, "rule": rule})


def _offerings_for(user):
    """The classes a user takes attendance in: a teacher's own, a district's all."""
    offerings = Offering.objects.select_related("course", "teaching_point__district", "term", "teacher")
    if permissions.is_teacher(user):
        return offerings.filter(teacher_id=user.teacher_account.teacher_id)
    if user.is_district and user.district is not None:
        return offerings.of_district(user.district)
    return offerings.none()


@login_required
def limits_edit(request, pk):
    offering = get_object_or_404(_offerings_for(request.user), pk=pk)
    require(request.user, permissions.can_keep_limits, offering)
    limits = ClassLimits.objects.filter(offering=offering).first() or ClassLimits(offering=offering)
    form = LimitsForm(request.POST or None, instance=limits)
    if request.method == "POST" and form.is_valid():
        services.limits_save(user=request.user, limits=form.instance)
        messages.success(request, _("报名条件已保存。"))
        return redirect("enrolment:teach")
    return render(request, "enrolment/limits_form.html", {"form": form, "offering": offering})


@login_required
def teach(request):
    """The classes of this term and the next in the user's hand, with their counts."""
    require(request.user, permissions.takes_some_attendance)
    today = timezone.localdate()
    offerings = (
        _offerings_for(request.user)
        .filter(last_date__gte=today - datetime.timedelta(days=30))
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=Status.ENROLLED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=Status.WAITING)),
        )
        .order_by("weekday", "start_time", "pk")
    )
    return render(request, "enrolment/teach.html", {"offerings": offerings[:200]})


def _class_date(offering, raw: str | None) -> datetime.date:
    """The date asked for, else today's class, else the last class before today (or the first)."""
    if raw:
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            pass
    today = timezone.localdate()
    past = attendance.class_dates(offering, until=today)
    return past[-1] if past else offering.first_date


@login_required
def roster(request, pk):
    offering = get_object_or_404(_offerings_for(request.user), pk=pk)
    require(request.user, permissions.can_take_attendance, offering)
    date = _class_date(offering, request.GET.get("date"))
    error = ""
    try:
        attendance.roll_date_check(offering, date)
    except ValidationError as refused:
        error = refused.messages[0]
    session = ClassSession.objects.filter(offering=offering, date=date).first()
    marks = (
        dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "present"))
        if session
        else {}
    )
    learners = list(attendance.roster(offering))
    for enrolment in learners:
        enrolment.mark = marks.get(enrolment.pk)
    dates = attendance.class_dates(offering, until=timezone.localdate())
    return render(
        request,
        "enrolment/roster.html",
        {
            "offering": offering,
            "date": date,
            "session": session,
            "error": error,
            "learners": learners,
            "present": sum(1 for e in learners if e.mark is True),
            "dates": dates[-4:],
        },
    )


@login_required
@require_POST
def mark(request, pk):
    offering = get_object_or_404(_offerings_for(request.user), pk=pk)
    date = _class_date(offering, request.POST.get("date"))
    enrolment = get_object_or_404(
        offering.enrolments.filter(status=Status.ENROLLED), pk=number(request.POST.get("enrolment"))
    )
    try:
        attendance.attendance_mark(
            user=request.user,
            offering=offering,
            date=date,
            enrolment=enrolment,
            present=request.POST.get("present") == "1",
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("enrolment:roster", args=[pk]) + f"?date={date.isoformat()}#e{enrolment.pk}")


@login_required
@require_POST
def close(request, pk):
    offering = get_object_or_404(_offerings_for(request.user), pk=pk)
    date = _class_date(offering, request.POST.get("date"))
    try:
        absent = attendance.session_close(user=request.user, offering=offering, date=date)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("点名结束，%(count)s 人记为缺勤。") % {"count": absent})
    return redirect(reverse("enrolment:roster", args=[pk]) + f"?date={date.isoformat()}")


@login_required
def checkin_code(request, pk):
    """Today's check-in code for the class, to show on the teacher's phone or print for the door."""
    offering = get_object_or_404(_offerings_for(request.user), pk=pk)
    require(request.user, permissions.can_take_attendance, offering)
    today = timezone.localdate()
    if today not in attendance.class_dates(offering):
        return render(
            request, "enrolment/checkin_code.html", {"offering": offering, "error": _("今天没有这门课。")}
        )
    link = absolute(attendance.checkin_link(offering, today))
    return render(
        request,
        "enrolment/checkin_code.html",
        {"offering": offering, "date": today, "qr": qr_svg(link, label=_("扫码签到"), scale=8)},
    )


@login_required
def roster_xlsx(request, pk):
    """The roster with one column per session (✓ present, ✗ absent) and hours attended."""
    offering = get_object_or_404(_offerings_for(request.user), pk=pk)
    require(request.user, permissions.can_take_attendance, offering)
    sessions = list(ClassSession.objects.filter(offering=offering).order_by("date"))
    learners = list(attendance.roster(offering))
    marks = {
        (row["session_id"], row["enrolment_id"]): row["present"]
        for row in Attendance.objects.filter(session__in=sessions).values(
            "session_id", "enrolment_id", "present"
        )
    }
    hours = attendance.hours_of(learners)
    headers = [
        _("姓名"),
        _("出生年份"),
        _("报名时间"),
        *[s.date.isoformat() for s in sessions],
        _("出勤学时"),
    ]
    rows = [
        [
            e.member.name,
            e.member.birth_year,
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
            *[{True: "✓", False: "✗"}.get(marks.get((s.pk, e.pk)), "") for s in sessions],
            hours.get(e.pk, 0),
        ]
        for e in learners
    ]
    return xlsx_response(
        f"{offering.course.title}-{offering.term.name}-花名册.xlsx", _("花名册"), headers, rows, width=14
    )


@login_required
def figures_page(request):
    require(request.user, permissions.keeps_some_rules)
    district = None if is_committee(request.user) else request.user.district
    term = Term.objects.filter(pk=number(request.GET.get("term"))).first()
    by = request.GET.get("by") if request.GET.get("by") in DIMENSIONS else "district"
    rows = figures(term=term, district=district, by=by)
    if request.GET.get("format") == "xlsx":
        headers = [_("名称"), _("报名人次"), _("候补人数"), _("出勤人次"), _("点名人次"), _("出勤率（%）")]
        return xlsx_response(
            "报名与出勤统计.xlsx",
            _("报名与出勤"),
            headers,
            ([r["name"], r["enrolled"], r["waiting"], r["present"], r["marked"], r["rate"]] for r in rows),
        )
    return render(
        request,
        "enrolment/figures.html",
        {"rows": rows, "by": by, "term": term, "terms": Term.objects.all()[:12], "district": district},
    )
