"""Guards in front of every view."""

from django.core.exceptions import SuspiciousOperation
from django.views.defaults import bad_request


def _holds_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RefuseNulCharactersMiddleware:
    """PostgreSQL can neither store nor compare text holding NUL (U+0000): a filter with one raises deep in a
    view, a 500 anyone could cause (?district=%00). No browser sends one in an address or a form, so such a
    request is answered 400 before any view sees it. Uploaded files are not looked into."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            return bad_request(request, SuspiciousOperation("NUL character in the request's parameters"))
        return self.get_response(request)
