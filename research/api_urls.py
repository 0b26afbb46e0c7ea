"""API URLs of the research app (mounted under /api/v1/)."""

from django.urls import path

from research import api

urlpatterns = [
    path("exports/", api.export_create, name="research-export-create"),
    path("exports/<uuid:pk>/", api.export_detail, name="research-export-detail"),
    path("exports/<uuid:pk>/cancel/", api.export_cancel, name="research-export-cancel"),
    path("exports/<uuid:pk>/download/", api.export_download, name="research-export-download"),
]
