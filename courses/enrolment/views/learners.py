"""The learner's pages: sign in by SMS code, enrol from a class page, the household's own page, offers,
check-in, their data and their 学习证明."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Offering
from fuzhou_lle.web.clients import client_ip

from .. import attendance, services
from ..forms import CodeForm, EnrolForm, MemberForm, PhoneForm
from ..models import MEMBERS_PER_HOUSEHOLD, Enrolment, Member, Status
from ..signin import codes
from ..signin.session import household_login, household_logout, household_of, household_required
from . import number

SIGNIN_PHONE = "_signin_phone"
RETRY_AFTER = 5  # seconds


def busy(request, *, form_data=None):
    """The 'please wait' answer when the database cannot take the claim in time (a rush): 503 with
    Retry-After, and the same form to send again, never an error page."""
    response = render(request, "enrolment/busy.html", {"form_data": form_data or {}}, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def sign_in(request):
    """Mobile number and SMS code on one screen."""
    if household_of(request) is not None:
        return redirect(_next_url(request, reverse("enrolment:mine")))
    form = CodeForm(request.POST or None, initial={"phone": request.session.get(SIGNIN_PHONE, "")})
    if request.method == "POST" and form.is_valid():
        try:
            household = codes.code_verify(
                phone=form.cleaned_data["phone"], code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(SIGNIN_PHONE, None)
            household_login(request, household)
            return redirect(_next_url(request, reverse("enrolment:mine")))
    return render(request, "enrolment/sign_in.html", {"form": form, "next": _next_url(request, "")})


@require_POST
def code_send(request):
    """Send the code; htmx gets the one line that says so, a plain form post goes back to the page."""
    form = PhoneForm(request.POST)
    sent, message = False, ""
    if form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            codes.code_send(phone=phone, ip=client_ip(request))
        except ValidationError as error:
            message = error.messages[0]
        else:
            sent = True
            request.session[SIGNIN_PHONE] = phone
            message = _("验证码已发送到 %(phone)s，请查看短信。") % {"phone": f"{phone[:3]}****{phone[-4:]}"}
    else:
        message = form.errors["phone"][0]
    if request.headers.get("HX-Request"):
        return render(request, "enrolment/includes/_code_status.html", {"sent": sent, "message": message})
    (messages.success if sent else messages.error)(request, message)
    return redirect(reverse("enrolment:sign_in") + "?next=" + _next_url(request, ""))


@require_POST
def sign_out(request):
    household_logout(request)
    messages.success(request, _("已退出报名账户。"))
    return redirect("courses:guide")


def class_enrol(request, pk):
    """Enrol in one class: sign in here if needed, choose or add the family member, confirm."""
    offering = get_object_or_404(
        Offering.objects.public().select_related("course", "teaching_point__district", "term", "limits"),
        pk=pk,
    )
    rule = services.rule_for(offering)
    limits = services.limits_of(offering)
    household = household_of(request)
    context = {"offering": offering, "rule": rule, "limits": limits, "now": timezone.now()}
    if household is None:
        context["form"] = CodeForm(initial={"phone": request.session.get(SIGNIN_PHONE, "")})
        return render(request, "enrolment/class_enrol.html", context)
    members = list(household.members.all())
    form = EnrolForm(
        request.POST or None,
        members=members,
        can_add=len(members) < MEMBERS_PER_HOUSEHOLD,
        real_names=bool(limits and limits.real_names),
    )
    full = False
    can_add = len(members) < MEMBERS_PER_HOUSEHOLD
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["member"] == EnrolForm.NEW:
                member = services.member_save(household=household, member=form.new_member())
            else:
                member = form.members[form.cleaned_data["member"]]
            enrolment = services.enrolment_claim(
                household=household, member=member, offering=offering, wait=form.cleaned_data["wait"]
            )
        except services.ClassFull as error:
            form.add_error(None, error)
            full = True
        except ValidationError as error:
            form.add_error(None, error)
        except OperationalError:
            return busy(request, form_data=request.POST)
        else:
            return redirect("enrolment:done", enrolment.pk)
    context.update(
        form=form,
        full=full,
        can_add=can_add,
        household=household,
        standings=[
            (m, services.standing(member=m, offering=offering, rule=rule, now=timezone.now()))
            for m in members
        ],
    )
    return render(request, "enrolment/class_enrol.html", context)


@household_required
def done(request, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.of_household(request.household).select_related(
            "member", "offering__course", "offering__teaching_point__district", "offering__term"
        ),
        pk=pk,
    )
    rule = services.rule_for(enrolment.offering)
    today = timezone.localdate()
    upcoming = [day for day in attendance.class_dates(enrolment.offering) if day >= today]
    return render(
        request,
        "enrolment/done.html",
        {"enrolment": enrolment, "rule": rule, "next_date": upcoming[0] if upcoming else None},
    )


@household_required
def mine(request):
    household = request.household
    enrolments = list(
        Enrolment.objects.of_household(household)
        .select_related("member", "offering__course", "offering__teaching_point", "offering__term")
        .order_by("-created_at")
    )
    hours = attendance.hours_of(enrolments)
    members = list(household.members.all())
    for member in members:
        member.own = [e for e in enrolments if e.member_id == member.pk]
        for enrolment in member.own:
            enrolment.hours = hours.get(enrolment.pk, 0)
    return render(
        request,
        "enrolment/mine.html",
        {
            "household": household,
            "members": members,
            "notices": household.notices.all()[:20],
            "can_add": len(members) < MEMBERS_PER_HOUSEHOLD,
        },
    )


@household_required
def member_edit(request, pk=None):
    household = request.household
    member = get_object_or_404(Member, pk=pk, household=household) if pk else Member(household=household)
    form = MemberForm(request.POST or None, instance=member, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(household=household, member=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存学员 %(name)s。") % {"name": form.instance.name})
            return redirect(_next_url(request, reverse("enrolment:mine")))
    return render(
        request,
        "enrolment/member_form.html",
        {"form": form, "member": member, "next": _next_url(request, "")},
    )


@household_required
@require_POST
def member_delete(request, pk):
    member = get_object_or_404(Member, pk=pk, household=request.household)
    try:
        services.member_delete(household=request.household, member=member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("已删除学员 %(name)s 及其记录。") % {"name": member.name})
    return redirect("enrolment:mine")


@household_required
@require_POST
def cancel(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.of_household(request.household), pk=pk)
    try:
        services.enrolment_cancel(household=request.household, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except OperationalError:
        return busy(request)
    else:
        messages.success(
            request,
            _("已取消 %(member)s 的 %(class)s。")
            % {"member": enrolment.member.name, "class": enrolment.offering.course},
        )
    return redirect("enrolment:mine")


def offer(request, token):
    """A waitlist offer, by the signed link in its SMS: see it (GET), accept or decline it (POST)."""
    try:
        enrolment = services.offer_from_token(token)
    except ValidationError as error:
        return render(request, "enrolment/offer.html", {"error": error.messages[0]}, status=400)
    error = ""
    if request.method == "POST":
        accept = request.POST.get("decision") == "accept"
        try:
            services.offer_decide(enrolment=enrolment, accept=accept)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(
                request, _("已确认，报名成功。") if accept else _("已放弃，名额将顺延给下一位。")
            )
            return redirect("enrolment:offer", token)
        enrolment.refresh_from_db()
    return render(
        request, "enrolment/offer.html", {"enrolment": enrolment, "error": error, "now": timezone.now()}
    )


@household_required
def checkin(request, token):
    """The learner scans the session's code in the classroom and says who is here."""
    try:
        offering, date = attendance.checkin_from_token(token)
    except ValidationError as error:
        return render(request, "enrolment/checkin.html", {"error": error.messages[0]}, status=400)
    enrolled = Enrolment.objects.of_household(request.household).filter(
        offering=offering, status=Status.ENROLLED
    )
    if request.method == "POST":
        enrolment = get_object_or_404(enrolled, pk=number(request.POST.get("enrolment")))
        try:
            attendance.attendance_checkin(household=request.household, token=token, enrolment=enrolment)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%(name)s 签到成功。") % {"name": enrolment.member.name})
        return redirect("enrolment:checkin", token)
    return render(
        request,
        "enrolment/checkin.html",
        {"offering": offering, "date": date, "enrolled": enrolled.select_related("member")},
    )


@household_required
def certificate(request, pk):
    """A member's 学习证明: every class they attended, term by term, with hours."""
    member = get_object_or_404(Member, pk=pk, household=request.household)
    enrolments = list(
        member.enrolments.filter(status__in=[Status.ENROLLED, Status.RELEASED])
        .select_related("offering__course", "offering__teaching_point__district", "term")
        .order_by("term__start", "pk")
    )
    hours = attendance.hours_of(enrolments)
    for enrolment in enrolments:
        enrolment.hours = hours.get(enrolment.pk, 0)
    return render(
        request,
        "enrolment/certificate.html",
        {
            "member": member,
            "enrolments": enrolments,
            "total": sum(e.hours for e in enrolments),
            "today": timezone.localdate(),
        },
    )


@household_required
def my_data(request):
    """Everything the portal keeps about the household, as one JSON file."""
    household = request.household
    data = {
        "phone": household.phone,
        "created_at": household.created_at.isoformat(),
        "members": [
            {
                "name": member.name,
                "birth_year": member.birth_year,
                "relation": member.get_relation_display(),
                "id_number": member.id_number,
                "enrolments": [
                    {
                        "class": str(enrolment.offering),
                        "term": str(enrolment.term),
                        "status": enrolment.get_status_display(),
                        "since": enrolment.created_at.isoformat(),
                        "attendance": [
                            {"date": a.session.date.isoformat(), "present": a.present}
                            for a in enrolment.attendances.select_related("session")
                        ],
                    }
                    for enrolment in member.enrolments.select_related(
                        "offering__course", "offering__teaching_point", "term"
                    )
                ],
            }
            for member in household.members.all()
        ],
        "notices": [{"at": n.created_at.isoformat(), "message": n.message} for n in household.notices.all()],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-enrolment-data.json"'
    return response


@household_required
def account_delete(request):
    if request.method == "POST":
        services.household_delete(household=request.household)
        household_logout(request)
        messages.success(request, _("报名账户及全部学员记录已删除。"))
        return redirect("courses:guide")
    return render(request, "enrolment/account_delete.html", {"household": request.household})
