"""Public legal pages and API answers kept, rendered, until something is published.

Anonymous visitors (no session cookie, so no messages and no menu of their own) get the whole
response from memory: its bytes, rendered once per address and language, with the only personal
part — the language form's CSRF token — written in by one string replacement. Staff reading a
public page get its main block from the cache and the site frame rendered for them. The public
API keeps its rendered JSON the same way; its rate limit is checked only when an answer has to be
built (the limit protects the database, and checking it costs two Redis round trips, more than
serving the answer).

Two levels: each process keeps recent entries in memory (no round trip at all), in front of the
shared cache (Redis), in front of the database. Keys carry a content version that every publish
bumps in the shared cache; a process re-reads that version at most every VERSION_SECONDS, so a
change shows in the publishing process at once and in the others within two seconds. Entries also
expire after CACHE_SECONDS (the "may be out of date" notice depends on the date).
"""

import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.loader import render_to_string
from django.utils import translation

VERSION_KEY = "legal:content-version"
VERSION_SECONDS = 2.0
CACHE_SECONDS = 15 * 60
LOCAL_ENTRIES = 600  # pages of 10-30 KB: about 15 MB per process at most

# Rendered in place of the CSRF token in a kept page; the visitor's own token replaces it.
CSRF_PLACEHOLDER = "legalCsrfPlaceholder7d1e"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()

_lock = threading.Lock()
_local: OrderedDict[str, tuple[float, object]] = OrderedDict()
_version = {"value": None, "read_at": 0.0}


def content_version() -> int:
    now = time.monotonic()
    if _version["value"] is not None and now - _version["read_at"] < VERSION_SECONDS:
        return _version["value"]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    _version.update(value=version, read_at=now)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key expired or the cache restarted
        cache.set(VERSION_KEY, 2, None)
    _version.update(value=None, read_at=0.0)


def content_changed() -> None:
    """Call after any change the public sees: now, and again once the transaction commits
    (a reader between the two may cache the old text under the new version)."""
    _bump()
    transaction.on_commit(_bump)


def forget_local() -> None:
    """Empty this process's memory level (tests; the shared level is cleared with the cache)."""
    with _lock:
        _local.clear()
    _version.update(value=None, read_at=0.0)


def _local_get(key: str):
    with _lock:
        found = _local.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del _local[key]
            return None
        _local.move_to_end(key)
        return found[1]


def _local_set(key: str, value) -> None:
    with _lock:
        _local[key] = (time.monotonic() + CACHE_SECONDS, value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _key(kind: str, request, lang: str = "") -> str:
    address = f"{request.scheme}|{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"legal:{kind}:{content_version()}:{lang}:{digest}"


def _kept(key: str):
    """The value under `key` from this process, else from the shared cache (then kept here)."""
    found = _local_get(key)
    if found is None:
        found = cache.get(key)
        if found is not None:
            _local_set(key, found)
    return found


def _keep(key: str, value) -> None:
    cache.set(key, value, CACHE_SECONDS)
    _local_set(key, value)


def cached_fragment(request, build) -> dict:
    """{"title": ..., "body": ...} for this page and language, from a cache or `build()`.

    `build()` returns (template, context, title); it runs, with its queries, only on a miss.
    """
    lang = translation.get_language()
    key = _key("page", request, lang)
    found = _kept(key)
    if found is None:
        template, context, title = build()
        context.setdefault("content_lang", lang)
        found = {"title": str(title), "body": render_to_string(template, context, request)}
        _keep(key, found)
    return found


def is_plain_visitor(request) -> bool:
    """No session and no pending message: the page is the same for every such visitor."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


_CSRF_INDEX = {char: number for number, char in enumerate(CSRF_ALLOWED_CHARS)}
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # bytes above would favour some chars


def _random_csrf_chars(count: int) -> str:
    chars: list[str] = []
    while len(chars) < count:
        chars += [
            CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]
            for byte in secrets.token_bytes(count + 8)
            if byte < _UNBIASED_BELOW
        ]
    return "".join(chars[:count])


def visitor_csrf_token(request) -> str:
    """What `django.middleware.csrf.get_token` returns, with one read of the system's random
    source instead of one per character (64 for a first visit: 40 % of a cached page's cost).

    Same secret, same cookie, same masking (a fresh mask per response, against BREACH); the
    tests post the token back through Django's own CSRF check.
    """
    if settings.CSRF_USE_SESSIONS:
        return get_token(request)
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_csrf_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    # As get_token: the middleware (re)sends the cookie, which also renews its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % size]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def public_page(request, build, template: str = "legal/page.html") -> HttpResponse:
    """A public page: whole from the cache for a plain visitor, else the frame around the
    cached main block. See `cached_fragment` for `build`."""
    if not is_plain_visitor(request):
        fragment = cached_fragment(request, build)
        return HttpResponse(render_to_string(template, {"fragment": fragment}, request))
    key = _key("whole", request, translation.get_language())
    body = _kept(key)
    if body is None:
        fragment = cached_fragment(request, build)
        context = {"fragment": fragment, "csrf_token": CSRF_PLACEHOLDER}
        body = render_to_string(template, context, request).encode()
        _keep(key, body)
    if _PLACEHOLDER_BYTES in body:
        body = body.replace(_PLACEHOLDER_BYTES, visitor_csrf_token(request).encode())
    return HttpResponse(body)


def cached_api(view):
    """Wrap a public DRF GET view: its JSON answers are kept and served without DRF.

    A miss runs the view whole (throttle, validation, query) and keeps a 200 JSON answer; a
    request asking for HTML (the browsable API) always goes to the view.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or "html" in request.META.get("HTTP_ACCEPT", ""):
            return view(request, *args, **kwargs)
        key = _key("api", request)
        found = _kept(key)
        if found is None:
            response = view(request, *args, **kwargs)
            renderer = getattr(response, "accepted_renderer", None)
            if response.status_code != 200 or getattr(renderer, "format", "") != "json":
                return response
            response.render()
            headers = {h: response[h] for h in ("Content-Type", "Vary", "Allow") if h in response}
            found = (response.content, headers)
            _keep(key, found)
            return response
        content, headers = found
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper
