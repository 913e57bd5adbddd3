"""Public pages: a lottery's publication, the draw's algorithm, QR codes and the teaching points' posters."""

import json
from pathlib import Path

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from courses.models import Offering, TeachingPoint
from fuzhou_lle.web.public_cache import public_page

from ..lottery import algorithm
from ..models import EnrolmentRule
from ..qr import absolute, qr_svg


@public_page
def lottery(request, pk):
    rule = get_object_or_404(
        EnrolmentRule.objects.select_related("term", "district"), pk=pk, mode=EnrolmentRule.Mode.LOTTERY
    )
    published = rule.published or {}
    return render(
        request,
        "enrolment/lottery.html",
        {
            "rule": rule,
            "applications": len(published.get("applications", [])),
            "placed": sum(len(r["placed"]) for r in published.get("result", {}).values()),
        },
    )


def lottery_data(request, pk):
    rule = get_object_or_404(EnrolmentRule, pk=pk, mode=EnrolmentRule.Mode.LOTTERY, drawn_at__isnull=False)
    response = HttpResponse(
        json.dumps(rule.published, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="lottery-{rule.pk}.json"'
    return response


def lottery_algorithm(request):
    """The very file the portal draws with, to run at home."""
    source = Path(algorithm.__file__).read_text(encoding="utf-8")
    response = HttpResponse(source, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="algorithm.py"'
    return response


def class_qr(request, pk):
    """The class page's QR code as an SVG file (for the guide's editors and partners)."""
    offering = get_object_or_404(Offering.objects.public(), pk=pk)
    svg = qr_svg(absolute(offering.get_absolute_url()), label=str(offering.course), scale=8)
    response = HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1),
        content_type="image/svg+xml",
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public_page
def poster(request, pk):
    """A printable A4 poster for a teaching point's door: its QR code and its classes, each with its own."""
    point = get_object_or_404(TeachingPoint.objects.select_related("district"), pk=pk)
    offerings = list(
        Offering.objects.public()
        .filter(teaching_point=point)
        .select_related("course")
        .order_by("weekday", "start_time")
    )
    if not offerings:
        raise Http404
    for offering in offerings:
        offering.qr = qr_svg(absolute(offering.get_absolute_url()), label=str(offering.course), scale=2)
    return render(
        request,
        "enrolment/poster.html",
        {
            "point": point,
            "offerings": offerings,
            "qr": qr_svg(absolute(point.get_absolute_url()), label=point.name, scale=6),
            "guide_url": absolute(reverse("courses:guide")),
        },
    )
