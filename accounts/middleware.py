"""Use a logged-in person's preferred language until they pick another with the switcher."""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.backends import current_session


def _user(request):
    """Django's `auth.get_user`, with the request's session store visible to PortalBackend.

    The session read already joined the person (`accounts.sessions`); the backend takes them
    from the store instead of querying again. Every check of Django's `get_user` still runs.
    """
    if not hasattr(request, "_cached_user"):
        token = current_session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            current_session.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's middleware, resolving `request.user` through `_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        apply = (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        )
        if apply:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        if apply:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class IdleTimeoutMiddleware:
    """Log a person out after IDLE_TIMEOUT_MINUTES without a request.

    Counsellors share desks; a session left open exposes migrants' records. The last-seen time is
    written to the session at most once a minute, so most requests cost no session write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            limit = settings.IDLE_TIMEOUT_MINUTES * 60
            if now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.IDLE_TIMEOUT_MINUTES},
                )
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60 or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)
