"""The public forms' hourly counters: counted per scope, and no counted value in a key name."""

import pytest
from django.conf import settings

from cigem import throttle

pytestmark = pytest.mark.django_db


def test_hits_are_counted_per_scope_and_value():
    assert throttle.count("form-a", "+22376123456") == 0
    assert [throttle.hit("form-a", "+22376123456") for _ in range(3)] == [1, 2, 3]
    assert throttle.count("form-a", "+22376123456") == 3
    assert throttle.count("form-b", "+22376123456") == 0
    assert throttle.count("form-a", "+22376000000") == 0


def test_key_names_hold_a_digest_not_the_value():
    import redis

    throttle.hit("form-a", "awa.diarra@example.org")
    client = redis.Redis.from_url(settings.REDIS_URL)
    names = [key.decode() for key in client.scan_iter("*throttle*")]
    assert names and all("awa" not in name and "example" not in name for name in names)
