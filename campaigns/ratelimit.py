"""A token bucket per provider, shared by every worker through Redis; a message costs its segments.

`take` reserves the tokens at once and answers how long to wait before sending: the bucket may go
into debt, so workers queue up fairly instead of spinning on the key. Without Redis (the embedded
default) the bucket lives in the process.
"""

import threading
import time

from django.conf import settings

# Redis TIME keeps every worker on one clock; the bucket key expires when idle.
_TAKE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
local last = tonumber(redis.call('HGET', KEYS[1], 'ts'))
if tokens == nil then tokens = burst; last = now end
tokens = math.min(burst, tokens + (now - last) * rate / 1000) - cost
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
if tokens >= 0 then return 0 end
return math.ceil(-tokens * 1000 / rate)
"""

_client = None
_script = None
_local: dict[str, tuple[float, float]] = {}
_local_lock = threading.Lock()


def _redis_script():
    global _client, _script
    if _script is None:
        import redis

        _client = redis.Redis.from_url(settings.REDIS_URL)
        _script = _client.register_script(_TAKE)
    return _script


def rate_for(provider_name: str) -> int:
    if provider_name == "email":
        return settings.CAMPAIGNS_EMAIL_RATE_PER_SECOND
    return settings.SMS_RATE_PER_SECOND


def take(provider_name: str, cost: int = 1) -> float:
    """Reserve `cost` tokens; return the seconds to wait before using them."""
    rate = rate_for(provider_name)
    burst = max(rate, cost)
    if settings.REDIS_URL:
        waited_ms = _redis_script()(
            keys=[f"cigem:bucket:{provider_name}"], args=[rate, burst, cost]
        )
        return int(waited_ms) / 1000
    with _local_lock:
        now = time.monotonic()
        tokens, last = _local.get(provider_name, (burst, now))
        tokens = min(burst, tokens + (now - last) * rate) - cost
        _local[provider_name] = (tokens, now)
    return 0.0 if tokens >= 0 else -tokens / rate


def acquire(provider_name: str, cost: int = 1) -> None:
    wait = take(provider_name, cost)
    if wait > 0:
        time.sleep(wait)
