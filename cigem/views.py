"""Project-wide pages: home, health check, the trivial benchmark floor and the error pages."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cigem.health import broker_status, database_status


def home(request):
    return render(request, "home.html")


def ping(request):
    """The trivial view every benchmark is stated against: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request):
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" or value.startswith("skipped") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def _api_error(request, status: int, message: str):
    """API clients get JSON in DRF's error shape, even for errors raised outside DRF views."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return None


def bad_request(request, exception=None):
    return _api_error(request, 400, _("Bad request.")) or render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return _api_error(request, 403, _("You do not have access to this page.")) or render(
        request, "403.html", status=403
    )


def page_not_found(request, exception=None):
    return _api_error(request, 404, _("Not found.")) or render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    # Rendered without a request context: the error may come from a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
