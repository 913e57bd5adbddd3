"""Star pages beyond the shared nomination pages (kind.py): the public Stars and their photos."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from fuzhou_lle.files.storage import stored_file_response
from fuzhou_lle.nominations.filters import YearDistrictFilter
from fuzhou_lle.web.public_cache import public_page

from .models import StarNomination


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


def star_photo(request, pk):
    """A public Star's photo, only if the nominee consented to publication."""
    star = get_object_or_404(_public_stars(), pk=pk, publication_consent=True)
    return stored_file_response(star.photo, inline=True)


@login_required
def nomination_photo(request, pk):
    """The photo for those who may see the nomination (its district, the committee, its reviewers)."""
    star = get_object_or_404(StarNomination.objects.visible_to(request.user), pk=pk)
    return stored_file_response(star.photo, inline=True)
