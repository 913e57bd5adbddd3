"""Brand pages beyond the shared nomination pages (kind.py): the public registry and inspections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fuzhou_lle.accounts.permissions import require
from fuzhou_lle.nominations.filters import YearDistrictFilter
from fuzhou_lle.nominations.permissions import can_check
from fuzhou_lle.nominations.views import run_service
from fuzhou_lle.web.public_cache import public_page

from . import services
from .forms import InspectionRecordForm, InspectionScheduleForm
from .models import Brand, Inspection


class BrandFilter(YearDistrictFilter):
    path = "nomination__"


@public_page
def registry(request):
    """The public brand registry (品牌库): every brand selected and not revoked."""
    brands = Brand.objects.listed().select_related("nomination__district", "nomination__round")
    filtered = BrandFilter(request.GET or None, queryset=brands)
    return render(request, "brands/brand_list.html", {"filter": filtered, "brands": filtered.qs})


@public_page
def brand_detail(request, pk):
    """Public for listed brands; the committee also sees revoked ones, with their inspection history."""
    brands = Brand.objects.all() if can_check(request.user) else Brand.objects.listed()
    brand = get_object_or_404(brands.select_related("nomination__district", "nomination__round"), pk=pk)
    context = {"brand": brand, "nomination": brand.nomination}
    if can_check(request.user):
        context["inspections"] = brand.inspections.select_related("inspector")
        context["schedule_form"] = InspectionScheduleForm()
        context["record_form"] = InspectionRecordForm()
    return render(request, "brands/brand_detail.html", context)


@require_POST
@login_required
def inspection_schedule(request, pk):
    require(request.user, can_check)
    brand = get_object_or_404(Brand, pk=pk)
    form = InspectionScheduleForm(request.POST)
    if form.is_valid() and run_service(
        request,
        services.inspection_schedule,
        user=request.user,
        brand=brand,
        due_on=form.cleaned_data["due_on"],
    ):
        messages.success(request, _("已安排检查。"))
    return redirect(brand.get_absolute_url())


@require_POST
@login_required
def inspection_record(request, pk):
    require(request.user, can_check)
    inspection = get_object_or_404(Inspection.objects.select_related("brand"), pk=pk)
    form = InspectionRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写检查日期、检查情况和结论。"))
    elif run_service(
        request, services.inspection_record, user=request.user, inspection=inspection, **form.cleaned_data
    ):
        messages.success(request, _("检查结果已登记。"))
    return redirect(inspection.brand.get_absolute_url())
