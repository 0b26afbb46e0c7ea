"""Root URLs. Each app owns its own URL prefixes in its urls.py and its API in api_urls.py."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from cigem import api, views

api_patterns = [
    path("", api.api_root, name="api-root"),
    path("me/", api.me, name="api-me"),
    *[path("", include(f"{label}.api_urls")) for label in settings.PROJECT_APPS],
]

urlpatterns = [
    path("", views.home, name="home"),
    path("ping", views.ping, name="ping"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="api-schema",
    ),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
    *[path("", include(f"{label}.urls")) for label in settings.PROJECT_APPS],
]

handler400 = "cigem.views.bad_request"
handler403 = "cigem.views.permission_denied"
handler404 = "cigem.views.page_not_found"
handler500 = "cigem.views.server_error"
