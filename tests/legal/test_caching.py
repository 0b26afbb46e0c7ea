"""The page and API caches: what a plain visitor gets, what staff get, and what stays personal."""

import re

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legal.caching import CSRF_PLACEHOLDER, visitor_csrf_token

pytestmark = pytest.mark.usefixtures("seeded")

PAGE = "/legal/pathways/espagne-etudiant/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _token(response) -> str:
    return TOKEN.search(response.content.decode())[1]


def test_each_visitor_gets_a_token_of_their_own_that_django_accepts():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [first.get(PAGE), second.get(PAGE), first.get(PAGE)]
    tokens = [_token(page) for page in pages]
    assert CSRF_PLACEHOLDER not in pages[0].content.decode()
    assert len(set(tokens)) == 3  # a fresh mask on every response, against BREACH
    # The same secret for the same visitor, sent as the cookie; another for the other visitor.
    assert _unmask_cipher_token(tokens[0]) == _unmask_cipher_token(tokens[2])
    assert _unmask_cipher_token(tokens[0]) != _unmask_cipher_token(tokens[1])
    assert first.cookies["csrftoken"].value == _unmask_cipher_token(tokens[2])
    # The language form works with it: Django's own CSRF check accepts the token.
    response = first.post(
        reverse("set_language"),
        {"language": "en", "next": PAGE, "csrfmiddlewaretoken": tokens[2]},
    )
    assert response.status_code == 302
    assert "Spain" in first.get(PAGE).content.decode()
    forged = second.post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": "x" * 64}
    )
    assert forged.status_code == 403


def test_visitor_token_matches_djangos_own(rf):
    request = rf.get("/")
    token = visitor_csrf_token(request)
    assert len(token) == 64 and token.isalnum()
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    request.META["CSRF_COOKIE"] = "a" * 32  # an existing visitor keeps their secret
    assert _unmask_cipher_token(visitor_csrf_token(request)) == "a" * 32


def test_a_cached_page_is_served_whole_without_query(client):
    client.get(PAGE)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE)
    assert response.status_code == 200 and len(ctx.captured_queries) == 0
    assert response["Content-Type"].startswith("text/html")


def test_staff_get_their_own_menu_and_visitors_never_see_it(client_as, content_editor):
    editor = client_as(content_editor)
    visitor = Client()
    visitor.get(PAGE)  # the visitor's whole page is cached first
    page = editor.get(PAGE).content.decode()
    assert reverse("accounts:logout") in page and content_editor.get_short_name() in page
    visitor_page = Client().get(PAGE).content.decode()
    assert reverse("accounts:logout") not in visitor_page
    assert content_editor.get_short_name() not in visitor_page
    assert reverse("accounts:login") in visitor_page


def test_pages_are_kept_per_language(client):
    assert "Espagne" in client.get(PAGE).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(PAGE).content.decode()
    assert '<html lang="en">' in page and "Spain" in page


def test_cached_api_answer_is_identical_and_costs_no_query(client):
    url = reverse("api:legal-pathway-list") + "?q=saisonnier&lang=en"
    first = client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url)
    assert len(ctx.captured_queries) == 0
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    # The browsable API is never served from the JSON cache.
    html = client.get(url, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")


def test_invalid_api_queries_are_never_cached(client):
    url = reverse("api:legal-pathway-list") + "?category=nonsense"
    assert client.get(url).status_code == 400
    assert client.get(url).status_code == 400


def test_api_rate_limit_applies_to_answers_that_must_be_built(client, monkeypatch):
    from django.core.cache import cache

    from legal.api import PublicRateThrottle

    monkeypatch.setattr(PublicRateThrottle, "rate", "2/minute", raising=False)
    cache.clear()
    url = reverse("api:legal-pathway-list")
    assert client.get(url, {"q": "visa"}).status_code == 200
    assert client.get(url, {"q": "visa"}).status_code == 200  # kept: not counted
    assert client.get(url, {"q": "étudiant"}).status_code == 200
    assert client.get(url, {"q": "famille"}).status_code == 429
