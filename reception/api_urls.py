"""API URLs of the reception app (mounted under /api/v1/)."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("reception.placements_api_urls")),
]
