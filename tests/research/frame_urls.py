"""The portal's URLs plus an empty staff page: the frame every signed-in page pays for."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cigem.permissions import role_required
from cigem.urls import urlpatterns as portal_patterns
from research.dashboards import DASHBOARD_ROLES

_EMPTY = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}-{% endblock %}'
)


@role_required(*DASHBOARD_ROLES)
def empty_staff_page(request):
    return HttpResponse(_EMPTY.render({}, request))


urlpatterns = [*portal_patterns, path("empty-staff-page/", empty_staff_page)]
