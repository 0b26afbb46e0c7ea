"""The dashboards' cached content: fresh after a rebuild, per language and role, few queries."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from research import dashboards
from research.facts import facts_refresh
from research.models import Publication
from tests.research.test_reception_exports import make_candidates


def _walk_ins(people, n, day=dt.date(2026, 3, 4)):
    from reception.models import Visit

    for person in people[:n]:
        Visit.objects.create(candidate=person, visit_date=day, channel="walk_in", services=[])


def _rebuild(django_capture_on_commit_callbacks):
    # The periodic task commits; the new facts' version is published once it has.
    with django_capture_on_commit_callbacks(execute=True):
        facts_refresh()


def _signed_in(user, language="fr"):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def builds(monkeypatch):
    """How many times the sections were computed (a cache miss), by kind of page."""
    counts = {"staff": 0, "public": 0}
    compute = dashboards.sections_html

    def counting(filters, *, public):
        counts["public" if public else "staff"] += 1
        return compute(filters, public=public)

    monkeypatch.setattr(dashboards, "sections_html", counting)
    return counts


def test_a_rebuilt_fact_shows_on_the_warm_dashboard(
    researcher, builds, django_capture_on_commit_callbacks
):
    people = make_candidates({("F", 1990, "potential_migrant"): 9})
    _walk_ins(people, 6)
    _rebuild(django_capture_on_commit_callbacks)
    client = _signed_in(researcher)
    url = reverse("research:dashboard")
    assert '<td>2026-03</td><td class="text-end">6</td>' in client.get(url).content.decode()
    client.get(url)
    assert builds["staff"] == 1  # the second request was served from the cache

    _walk_ins(people[6:], 3)
    # Until the facts are rebuilt, the page says what they held (and when they were computed).
    assert ">6</td>" in client.get(url).content.decode()
    _rebuild(django_capture_on_commit_callbacks)
    page = client.get(url).content.decode()
    assert '<td>2026-03</td><td class="text-end">9</td>' in page
    assert builds["staff"] == 2
    # Every process sees the new version: this one's copy of the old page is not served.
    assert ">6</td>" not in _signed_in(researcher).get(url).content.decode()


def test_french_and_english_pages_are_cached_apart(researcher, builds):
    url = reverse("research:dashboard")
    for _ in range(2):
        french = _signed_in(researcher, "fr").get(url).content.decode()
        english = _signed_in(researcher, "en").get(url).content.decode()
        assert "Qui vient au centre" in french and "Who comes to the centre" not in french
        assert "Who comes to the centre" in english and "Qui vient au centre" not in english
        public_fr = Client(headers={"accept-language": "fr"}).get(reverse("research:key-figures"))
        public_en = Client(headers={"accept-language": "en"}).get(reverse("research:key-figures"))
        assert "Chiffres clés" in public_fr.content.decode()
        assert "Key figures" in public_en.content.decode()
        assert "Chiffres clés" not in public_en.content.decode()
    assert builds == {"staff": 2, "public": 2}


def test_each_role_has_its_own_cached_page(researcher, manager, builds):
    url = reverse("research:dashboard")
    assert _signed_in(manager).get(url).status_code == 200
    assert _signed_in(manager).get(url).status_code == 200
    assert builds["staff"] == 1
    # A page made for a manager is never served to a researcher, even if they read alike today.
    assert _signed_in(researcher).get(url).status_code == 200
    assert builds["staff"] == 2
    assert _signed_in(researcher).get(url).status_code == 200
    assert builds["staff"] == 2


def test_filters_are_part_of_the_key_and_an_invalid_form_is_not_cached(researcher, builds):
    from cigem.services import region_sync

    region_sync()
    client = _signed_in(researcher)
    url = reverse("research:dashboard")
    client.get(url)
    client.get(url, {"region": "KAY"})
    client.get(url, {"region": "KAY"})
    assert builds["staff"] == 2
    for _ in range(2):
        page = client.get(url, {"date_from": "2026-05-01", "date_to": "2026-01-01"})
        assert "La date de fin est antérieure à la date de début" in page.content.decode()
    assert builds["staff"] == 4


def test_a_cleared_cache_is_not_outlived_by_this_process_copy(client, db, builds):
    url = reverse("research:key-figures")
    for _ in range(5):
        Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    assert ">5<" in client.get(url).content.decode()
    Publication.objects.create(title="t", authors="a", year=2020, kind="study")
    assert ">5<" in client.get(url).content.decode()  # the cached figures of a moment ago
    cache.clear()  # or expired: the stamp is gone, so the copy in memory is not used
    assert ">6<" in client.get(url).content.decode()
    assert builds["public"] == 2


def _queries(client, url, params=None) -> int:
    client.get(url, params)  # warm: the session, the cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.urls("tests.research.frame_urls")
def test_a_warm_dashboard_costs_the_queries_of_an_empty_staff_page_at_any_size(
    researcher, django_capture_on_commit_callbacks
):
    client = _signed_in(researcher)
    frame = _queries(client, "/empty-staff-page/")
    assert frame <= 3  # the session, the user and their roles (less once they are cached)
    url = reverse("research:dashboard")
    people = make_candidates({("F", 1990, "potential_migrant"): 3})
    _walk_ins(people, 3)
    _rebuild(django_capture_on_commit_callbacks)
    small = _queries(client, url, {"region": "KAY"})
    people = make_candidates({("M", 1980, "returnee_forced"): 30}, start=100)
    _walk_ins(people, 30, dt.date(2025, 7, 1))
    _rebuild(django_capture_on_commit_callbacks)
    assert small == _queries(client, url, {"region": "KAY"}) == frame
    assert _queries(Client(), reverse("research:key-figures")) == 0
