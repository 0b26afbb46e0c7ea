"""Project middleware: refuse query strings PostgreSQL cannot store."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulCharactersMiddleware:
    """A NUL byte in a query parameter reaches SQL as a string PostgreSQL refuses (a 500).

    Form fields already refuse it; raw query parameters used as filters do not. Answer 400 here,
    once, for every page and API operation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            message = _("The address contains a character that is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
