"""Hourly counters that slow down abuse of the public forms, kept in the cache.

One helper for every app, so that no form invents its own key: a key holds a digest of what is
counted (an IP address, a phone, an email), never the value itself, because cache key names end
up in Redis dumps and monitoring. With Redis down the counters start afresh
(`cigem.cache.ResilientRedisCache`): the forms stay open rather than fail.
"""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(scope: str, ident: str) -> str:
    digest = hashlib.blake2b(str(ident).encode(), digest_size=16).hexdigest()
    return f"throttle:{scope}:{digest}"


def hit(scope: str, ident: str, *, seconds: int = WINDOW_SECONDS) -> int:
    """Count one attempt of `ident` in `scope`; the number counted in the window so far."""
    key = _key(scope, ident)
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(key, 1, seconds)
        return 1


def count(scope: str, ident: str) -> int:
    """How many attempts of `ident` in `scope` the window holds, without counting one."""
    return cache.get(_key(scope, ident)) or 0
