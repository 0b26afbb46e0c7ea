"""URLs of the reception app."""

from django.urls import include, path

app_name = "reception"

urlpatterns: list = [
    path("", include("reception.placements_urls")),
]
