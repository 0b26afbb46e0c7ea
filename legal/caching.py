"""Rendered public content kept until something is published.

Public pages are the same for every visitor in a language, except the header's language form,
whose CSRF token is personal. So the page's main block is cached, not the response: the view
renders base.html around a cached fragment.

Two levels: each process keeps recent fragments in memory (no round trip at all), behind the
shared cache (Redis), behind the database. Keys carry a content version that every publish
bumps in the shared cache; a process re-reads that version at most every VERSION_SECONDS, so a
change shows in the publishing process at once and in the others within two seconds. Under
load on a small machine each Redis round trip waits for a CPU: serving from process memory is
what keeps a public page near the cost of the home page. Entries also expire after
CACHE_SECONDS (the "may be out of date" notice depends on the date).
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

VERSION_KEY = "legal:content-version"
VERSION_SECONDS = 2.0
CACHE_SECONDS = 15 * 60
LOCAL_ENTRIES = 500  # about 10 MB per process at 20 KB a page

_lock = threading.Lock()
_local: OrderedDict[str, tuple[float, dict]] = OrderedDict()
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


def _local_get(key: str) -> dict | None:
    with _lock:
        found = _local.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del _local[key]
            return None
        _local.move_to_end(key)
        return found[1]


def _local_set(key: str, fragment: dict) -> None:
    with _lock:
        _local[key] = (time.monotonic() + CACHE_SECONDS, fragment)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def cached_value(request, build):
    """Any JSON-ready value for this address (the public API), from a cache or `build()`."""
    path = hashlib.blake2b(
        f"{request.get_host()}|{request.get_full_path()}".encode(), digest_size=16
    ).hexdigest()
    key = f"legal:api:{content_version()}:{path}"
    found = _local_get(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            found = build()
            cache.set(key, found, CACHE_SECONDS)
        _local_set(key, found)
    return found


def cached_fragment(request, build) -> dict:
    """{"title": ..., "body": ...} for this page and language, from a cache or `build()`.

    `build()` returns (template, context, title); it runs, with its queries, only on a miss.
    """
    lang = translation.get_language()
    path = hashlib.blake2b(
        f"{request.get_host()}|{request.get_full_path()}".encode(), digest_size=16
    ).hexdigest()
    key = f"legal:page:{content_version()}:{lang}:{path}"
    found = _local_get(key)
    if found is not None:
        return found
    found = cache.get(key)
    if found is None:
        template, context, title = build()
        context.setdefault("content_lang", lang)
        found = {"title": str(title), "body": render_to_string(template, context, request)}
        cache.set(key, found, CACHE_SECONDS)
    _local_set(key, found)
    return found
