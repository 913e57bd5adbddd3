"""Star pages: the shared nomination pages (through KIT), the public Stars and their photos."""

import mimetypes
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from fuzhou_lle.evidence import file_response
from fuzhou_lle.nominations.filters import YearDistrictFilter
from fuzhou_lle.nominations.views import Kit
from fuzhou_lle.public_cache import public_page

from .forms import StarNominationForm
from .models import Assignment, Evidence, Objection, Round, Score, StarNomination

KIT = Kit(
    namespace="awards",
    round_model=Round,
    nomination_model=StarNomination,
    evidence_model=Evidence,
    assignment_model=Assignment,
    score_model=Score,
    objection_model=Objection,
    nomination_form=StarNominationForm,
    fields_template="awards/includes/_nomination_fields.html",
)


def _public_stars():
    """Selected Stars of published rounds, loading only what their public page may show."""
    return (
        StarNomination.objects.public()
        .select_related("district", "round")
        .only(
            "person_name",
            "deeds",
            "photo",
            "publication_consent",
            "district__name",
            "district__order",
            "round__year",
            "round__batch",
            "round__title",
        )
    )


@public_page
def stars(request):
    """The public list of Stars of Lifelong Learning, by year and district."""
    filtered = YearDistrictFilter(request.GET or None, queryset=_public_stars())
    return render(request, "awards/star_list.html", {"filter": filtered, "stars": filtered.qs})


@public_page
def star_detail(request, pk):
    star = get_object_or_404(_public_stars(), pk=pk)
    return render(request, "awards/star_detail.html", {"star": star})


def _photo_response(star):
    if not star.photo:
        raise Http404
    filename = Path(star.photo.name).name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return file_response(star.photo, filename=filename, content_type=content_type, inline=True)


def star_photo(request, pk):
    """A public Star's photo, only if the nominee consented to publication."""
    star = get_object_or_404(_public_stars(), pk=pk, publication_consent=True)
    return _photo_response(star)


@login_required
def nomination_photo(request, pk):
    """The photo for those who may see the nomination (its district, the committee, its reviewers)."""
    return _photo_response(get_object_or_404(StarNomination.objects.visible_to(request.user), pk=pk))
