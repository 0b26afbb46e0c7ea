"""Redis stopped (cache, sessions' cached copy, rate limits and the Celery broker at once): the
public pages and forms and a counsellor's day of work still serve.

tests/cigem/test_resilience.py covers the cache and sessions on two pages; this walks the
public forms (each keeps a rate limit in the cache) and the counsellor's intake, visit and
search, with the broker down too, so work that queues a task is recorded for the sweeps.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cigem.cache import ResilientRedisCache
from tests.hardening.public_pages import PUBLIC_PATHS


@pytest.fixture
def redis_down(broker, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cigem.cache.ResilientRedisCache",
            "LOCATION": broker.url,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    ResilientRedisCache._down_until = 0.0
    broker.stop()
    yield
    ResilientRedisCache._down_until = 0.0


def test_a_counter_starts_afresh_while_redis_is_down(redis_down):
    from django.core.cache import cache

    assert cache.add("hits", 0) is False
    assert cache.incr("hits") == 1  # fails open, as a rate limit must
    assert cache.incr("hits", 5) == 5


@pytest.mark.django_db
def test_public_pages_serve_while_redis_is_down(client, redis_down):
    for path in PUBLIC_PATHS:
        if path.startswith(("/legal/countries/", "/legal/pathways/", "/legal/guides/")):
            continue  # need the demo records; their lists are here
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_appointment_request_is_taken_while_redis_is_down(client, redis_down):
    from reception.models import AppointmentRequest

    response = client.post(
        reverse("reception:appointment-request"),
        {
            "full_name": "Awa Diarra",
            "phone": "76 12 34 56",
            "topic": "job_offers",
            "preferred_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "website": "",
        },
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.django_db
def test_job_offer_interest_is_taken_while_redis_is_down(client, open_offer, redis_down):
    from reception.models import AppointmentRequest

    response = client.post(
        reverse("reception:placements-public-offer", args=[open_offer.pk]),
        {"full_name": "Awa Diarra", "phone": "76 12 34 56", "consent": "on", "website": ""},
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.filter(job_offer=open_offer).count() == 1


@pytest.mark.django_db
def test_subscription_is_taken_while_redis_is_down(client, redis_down):
    from campaigns.models import Subscriber

    response = client.post(
        reverse("campaigns:subscribe"),
        {"phone": "76 12 34 56", "language": "fr", "consent": "on"},
    )
    assert response.status_code == 302
    assert Subscriber.objects.count() == 1  # its confirmation waits for the sweep


@pytest.mark.django_db
def test_diaspora_registration_is_taken_while_redis_is_down(client, redis_down, mailoutbox):
    from diaspora.models import Member

    response = client.post(
        reverse("diaspora:register"),
        {
            "full_name": "Seydou Keïta",
            "email": "seydou.redis@example.test",
            "password1": "Sable-Niger-Bamako-42",
            "password2": "Sable-Niger-Bamako-42",
            "preferred_language": "fr",
            "accept_use": "on",
        },
    )
    assert response.status_code == 302
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_counsellor_logs_in_and_works_while_redis_is_down(counsellor, redis_down):
    from reception.models import Candidate, Partner, PartnerKind, Visit

    partner = Partner.objects.create(name="ANPE", kind=PartnerKind.PUBLIC_AGENCY)
    desk = Client()
    response = desk.post(
        reverse("accounts:login"), {"username": counsellor.email, "password": "correct-horse-42"}
    )
    assert response.status_code == 302
    assert desk.get(reverse("reception:home")).status_code == 200
    response = desk.post(
        reverse("reception:candidate-intake"),
        {
            "last_name": "Sissoko",
            "first_name": "Boubacar",
            "sex": "M",
            "birth_year": "1994",
            "profile": "returnee_voluntary",
            "phone": "66 77 88 99",
            "consent_record": "on",
            "consent_referral": "on",
            "consent_messages": "on",  # subscribes: a confirmation task that cannot be queued
        },
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(last_name="Sissoko")
    assert desk.get(reverse("reception:candidate-detail", args=[candidate.pk])).status_code == 200
    today = timezone.localdate()
    response = desk.post(
        reverse("reception:candidate-visit-add", args=[candidate.pk]),
        {
            "visit_date": today.isoformat(),
            "channel": "walk_in",
            "services": ["orientation", "referral"],
            "follow_up_date": (today + datetime.timedelta(days=7)).isoformat(),
            "next_step": "Rappeler",
            "referral_partner": partner.pk,
            "referral_service": "Inscription",
        },
    )
    assert response.status_code == 302
    assert Visit.objects.filter(candidate=candidate).count() == 1
    for url in [
        reverse("reception:candidate-list") + "?q=Sissoko",
        reverse("reception:follow-ups"),
        reverse("reception:appointment-queue"),
    ]:
        assert desk.get(url).status_code == 200, url


def test_the_cache_serves_again_once_redis_is_back(own_redis, settings):
    """The cache keeps one Redis client per connection pool: after a restart the pool opens a
    new connection and the same client reads and writes again."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "cigem.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    ResilientRedisCache._down_until = 0.0
    cache = caches["default"]
    cache.set("greeting", "i ni ce")
    client = cache._cache.get_client()
    assert cache.get("greeting") == "i ni ce"

    own_redis.stop()
    assert cache.get("greeting", "missed") == "missed"
    own_redis.start()
    ResilientRedisCache._down_until = 0.0  # skip the 5 s pause after the failure
    assert cache.get("greeting", "empty") == "empty"  # a restarted Redis holds nothing
    cache.set("greeting", "aw ni ce")
    assert cache.get("greeting") == "aw ni ce"
    assert cache._cache.get_client() is client
