"""One page of a staff list, and the query string its page links carry (every filter but the page)."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, rows, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
