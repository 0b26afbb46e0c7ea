"""For the research benchmark only: the portal plus an empty staff page, served by gunicorn too.

The empty page extends base.html behind the dashboard's role check (session, user, roles,
navigation): the frame every signed-in page pays for, measured beside the dashboard. It is
mounted after every app's URLs, so resolving it costs at least what resolving the dashboard does.
`gunicorn benchmarks.research_frame:application` serves it; it is never part of the product.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cigem.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

from cigem.permissions import role_required  # noqa: E402
from cigem.urls import urlpatterns as portal_patterns  # noqa: E402
from research.dashboards import DASHBOARD_ROLES  # noqa: E402

EMPTY_STAFF_PAGE = "/bench-empty-staff-page/"
EMPTY_PUBLIC_PAGE = "/bench-empty-public-page/"

_EMPTY = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}-{% endblock %}'
)


def empty_public_page(request):
    return HttpResponse(_EMPTY.render({}, request))


@role_required(*DASHBOARD_ROLES)
def empty_staff_page(request):
    return HttpResponse(_EMPTY.render({}, request))


urlpatterns = [
    *portal_patterns,
    path(EMPTY_STAFF_PAGE.strip("/") + "/", empty_staff_page),
    path(EMPTY_PUBLIC_PAGE.strip("/") + "/", empty_public_page),
]

settings.ROOT_URLCONF = __name__
