import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.files.spreadsheets import workbook_response
from fuzhou_lle.files.storage import stored_file_response
from fuzhou_lle.units.models import District
from fuzhou_lle.web.counting import count_up_to
from fuzhou_lle.web.public_cache import public_page

from . import ics, permissions, services
from .filters import OfferingFilter
from .forms import (
    OfferingForm,
    TeacherProposalForm,
    TeachingPointForm,
    TextbookProposalForm,
    TimetableUploadForm,
)
from .importer import sheet_check, template_workbook
from .models import Course, Offering, Teacher, TeachingPoint, Textbook
from .pagination import keyset_page

PAGE_SIZE = 20
# Each ordering ends in a unique field and has an index (see Offering.Meta.indexes).
SORTS = {
    "time": (gettext_lazy("按上课时间"), ["weekday", "start_time", "id"]),
    "seats": (gettext_lazy("按剩余名额"), ["-seats_left", "id"]),
    "newest": (gettext_lazy("最新发布"), ["-id"]),
}


# The public guide

MORE_FILTERS = ["street", "category", "audience", "weekday", "time", "free", "seats", "sort"]


@public_page
def guide(request):
    filterset = OfferingFilter(request.GET or None, queryset=Offering.objects.public().for_listing())
    offerings = filterset.qs
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "time"
    page = keyset_page(
        offerings,
        SORTS[sort][1],
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    # htmx replaces only the results (and a restored history entry needs the whole page).
    fragment = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    return render(
        request,
        "courses/includes/_guide_results.html" if fragment else "courses/offering_guide.html",
        {
            "filter": filterset,
            "page": page,
            "total": count_up_to(offerings),
            "sorts": [(key, label) for key, (label, _ordering) in SORTS.items()],
            "sort": sort,
            "query": query.urlencode(),
            # Phones show the keyword and district first; the rest opens when one of them is in use.
            "more_filters": any(request.GET.get(name) for name in MORE_FILTERS),
        },
    )


@public_page
def offering_detail(request, pk):
    offering = get_object_or_404(
        Offering.objects.public().for_listing().prefetch_related("course__audiences", "course__textbooks"),
        pk=pk,
    )
    return render(request, "courses/offering_detail.html", {"offering": offering})


@public_page
def course_detail(request, pk):
    course = get_object_or_404(Course.objects.select_related("category", "provider"), pk=pk)
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "offerings": course.offerings.public().for_listing().order_by("teaching_point__district__order"),
            "textbooks": course.textbooks.approved(),
        },
    )


@public_page
def point_detail(request, pk):
    point = get_object_or_404(TeachingPoint.objects.select_related("district"), pk=pk)
    return render(
        request,
        "courses/teachingpoint_detail.html",
        {"point": point, "offerings": point.offerings.public().for_listing()},
    )


@public_page
def teacher_detail(request, pk):
    teacher = get_object_or_404(Teacher.objects.approved(), pk=pk)
    return render(
        request,
        "courses/teacher_detail.html",
        {"teacher": teacher, "offerings": teacher.offerings.public().for_listing()},
    )


@public_page
def textbook_detail(request, pk):
    textbook = get_object_or_404(Textbook.objects.approved(), pk=pk)
    return render(
        request, "courses/textbook_detail.html", {"textbook": textbook, "courses": textbook.courses.all()}
    )


def teacher_photo(request, pk):
    """A teacher's photo: public once the teacher is approved; before, only for the committee and the
    proposing district. Files never sit in the public media folder (see README, 课程库)."""
    teacher = get_object_or_404(permissions.library_entries_visible_to(request.user, Teacher), pk=pk)
    return stored_file_response(teacher.photo, inline=True)


def textbook_file(request, pk):
    """A textbook's file, on the same terms as teacher_photo, saved under the book's title."""
    textbook = get_object_or_404(permissions.library_entries_visible_to(request.user, Textbook), pk=pk)
    suffix = Path(textbook.file.name).suffix if textbook.file else ""
    return stored_file_response(textbook.file, filename=f"{textbook.title}{suffix}")


@public_page
def compiled(request):
    """The printable guide: the whole city's timetable, or one district's, for a booklet."""
    district = None
    offerings = Offering.objects.public().for_listing()
    if request.GET.get("district"):
        district = get_object_or_404(District, code=request.GET["district"])
        offerings = offerings.of_district(district)
    offerings = offerings.order_by(
        "teaching_point__district__order",
        "teaching_point__street",
        "teaching_point__name",
        "weekday",
        "start_time",
    )
    return render(
        request,
        "courses/offering_compiled.html",
        {"district": district, "districts": District.objects.all(), "offerings": offerings},
    )


def _calendar_response(offerings, *, name, filename):
    response = HttpResponse(
        ics.timetable_calendar(offerings, name=name, base_url=settings.PORTAL_BASE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def offering_calendar(request, pk):
    offering = get_object_or_404(Offering.objects.public().for_listing(), pk=pk)
    return _calendar_response([offering], name=offering.course.title, filename=f"offering-{pk}.ics")


def point_calendar(request, pk):
    point = get_object_or_404(TeachingPoint, pk=pk)
    return _calendar_response(
        point.offerings.public().for_listing(), name=point.name, filename=f"point-{pk}.ics"
    )


# What a district keeps: its teaching points and its timetable


def _save_form(request, form, save, *, done):
    """Validate a posted form and save it through a service; on success go to `done`."""
    if request.method == "POST" and form.is_valid():
        save(form.instance)
        messages.success(request, _("已保存。"))
        return redirect(done)
    return None


@login_required
def point_list(request):
    points = permissions.points_kept_by(request.user).annotate(offering_count=Count("offerings"))
    return render(request, "courses/teachingpoint_list.html", {"points": points})


@login_required
def point_edit(request, pk=None):
    points = permissions.points_kept_by(request.user)
    point = get_object_or_404(points, pk=pk) if pk else TeachingPoint(district=request.user.district)
    form = TeachingPointForm(request.POST or None, instance=point)
    saved = _save_form(
        request,
        form,
        lambda entry: services.searched_entry_save(entry=entry, user=request.user),
        done="courses:point_list",
    )
    return saved or render(request, "courses/teachingpoint_form.html", {"form": form, "point": point})


@login_required
def offering_list(request):
    offerings = (
        permissions.offerings_kept_by(request.user)
        .for_listing()
        .order_by("teaching_point__name", "weekday", "start_time", "id")
    )
    page = Paginator(offerings, 50).get_page(request.GET.get("page"))
    return render(request, "courses/offering_list.html", {"page": page})


@login_required
def offering_edit(request, pk=None):
    points = permissions.points_kept_by(request.user)
    offering = get_object_or_404(permissions.offerings_kept_by(request.user), pk=pk) if pk else Offering()
    form = OfferingForm(request.POST or None, instance=offering, points=points)
    saved = _save_form(
        request,
        form,
        lambda entry: services.offering_save(offering=entry, user=request.user),
        done="courses:offering_list",
    )
    return saved or render(request, "courses/offering_form.html", {"form": form, "offering": offering})


@login_required
@require_POST
def offering_delete(request, pk):
    offering = get_object_or_404(permissions.offerings_kept_by(request.user), pk=pk)
    try:
        services.offering_delete(offering=offering, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除开课安排：%(offering)s") % {"offering": offering})
    return redirect("courses:offering_list")


@login_required
@require_POST
def point_delete(request, pk):
    point = get_object_or_404(permissions.points_kept_by(request.user), pk=pk)
    try:
        services.point_delete(point=point, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除教学点：%(point)s") % {"point": point})
    return redirect("courses:point_list")


@login_required
def import_template(request):
    require(request.user, permissions.keeps_timetable)
    district = request.user.district
    return workbook_response(template_workbook(district), f"{district.name}课表模板.xlsx")


IMPORT_SESSION_KEY = "courses_import_file"


@login_required
def timetable_import(request):
    """Upload → check and preview → confirm. The checked file waits in private storage for the confirm."""
    require(request.user, permissions.keeps_timetable)
    district = request.user.district
    form = TimetableUploadForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = sheet_check(form.cleaned_data["sheet"], district)
        if check.is_valid:
            storage = storages["private"]
            # One waiting sheet per session: a new upload replaces one that was never confirmed.
            if request.session.get(IMPORT_SESSION_KEY):
                storage.delete(request.session[IMPORT_SESSION_KEY])
            name = storage.save(f"course_imports/{uuid.uuid4().hex}.xlsx", form.cleaned_data["sheet"])
            request.session[IMPORT_SESSION_KEY] = name
    return render(
        request, "courses/timetable_import.html", {"form": form, "check": check, "district": district}
    )


@login_required
@require_POST
def timetable_import_confirm(request):
    require(request.user, permissions.keeps_timetable)
    district = request.user.district
    name = request.session.pop(IMPORT_SESSION_KEY, None)
    storage = storages["private"]
    if not name or not storage.exists(name):
        messages.error(request, _("没有待确认的课表，请重新上传。"))
        return redirect("courses:import")
    with storage.open(name) as file:
        check = sheet_check(ContentFile(file.read(), name=name), district)
    storage.delete(name)
    if not check.is_valid:
        # The libraries changed between preview and confirm; show why, save nothing.
        form = TimetableUploadForm()
        return render(
            request, "courses/timetable_import.html", {"form": form, "check": check, "district": district}
        )
    counts = services.timetable_import(check=check, user=request.user)
    messages.success(
        request,
        _("课表已导入：新增 %(created)s 条，更新 %(updated)s 条，未变 %(unchanged)s 条。") % counts,
    )
    return redirect("courses:offering_list")


# Proposals: districts propose teachers and textbooks, the committee decides

PROPOSAL_FORMS = {"teacher": TeacherProposalForm, "textbook": TextbookProposalForm}
PROPOSAL_MODELS = {"teacher": Teacher, "textbook": Textbook}


@login_required
def propose(request, kind):
    if kind not in PROPOSAL_FORMS:
        raise Http404
    require(request.user, permissions.can_propose)
    form = PROPOSAL_FORMS[kind](request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.proposal_submit(entry=form.instance, user=request.user)
        messages.success(request, _("已提交，等待市终身教育促进委员会办公室审核入库。"))
        return redirect("my_work")
    return render(request, "courses/proposal_form.html", {"form": form, "kind": kind})


@login_required
def proposal_list(request):
    require(request.user, permissions.can_decide_proposals, hidden=True)
    return render(
        request,
        "courses/proposal_list.html",
        {
            "teachers": Teacher.objects.pending().select_related("proposed_by"),
            "textbooks": Textbook.objects.pending().select_related("proposed_by"),
        },
    )


@login_required
@require_POST
def proposal_decide(request, kind, pk):
    require(request.user, permissions.can_decide_proposals)
    if kind not in PROPOSAL_MODELS:
        raise Http404
    entry = get_object_or_404(PROPOSAL_MODELS[kind].objects.pending(), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.proposal_decide(entry=entry, user=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, (_("已批准入库：%(entry)s") if approve else _("已退回：%(entry)s")) % {"entry": entry}
        )
    return redirect("courses:proposals")
