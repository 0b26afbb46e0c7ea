"""Template context every page needs: the centre's identity and the person's navigation."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from cigem.navigation import nav_items_for


def portal(request):
    user = getattr(request, "user", None)
    return {
        "centre": settings.CENTRE,
        "nav_items": SimpleLazyObject(lambda: nav_items_for(user)) if user else [],
    }
