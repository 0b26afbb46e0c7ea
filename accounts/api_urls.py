"""API URLs of the accounts app (mounted under /api/v1/)."""

from django.urls import path

from accounts import api

urlpatterns = [
    path("audit-events/", api.AuditEventListApi.as_view(), name="audit-event-list"),
]
