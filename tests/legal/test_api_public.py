"""The public read API: list and detail of destinations, pathways and guides, and the FAQ."""

import pytest
from django.urls import reverse

from legal.models import Guide, Pathway

pytestmark = pytest.mark.usefixtures("seeded")

RESULT_KEYS = {"slug", "title", "country", "category", "summary", "last_verified", "url"}


def test_pathway_detail_in_english_with_sources_and_verification(client):
    body = client.get(
        reverse("api:legal-pathway-detail", args=["espagne-saisonnier-circulaire"]),
        {"lang": "en"},
    ).json()
    assert body["lang"] == "en" and body["untranslated"] == []
    assert body["country"] == "espagne" and body["category"] == "seasonal"
    assert body["fields"]["title"].startswith("Spain: seasonal work")
    assert {"steps", "fees", "processing_time", "documents"} <= set(body["fields"])
    assert body["sources"] and all(s["consulted"] for s in body["sources"])
    assert body["last_verified"] and body["is_stale"] is False
    assert body["url"].endswith("/legal/pathways/espagne-saisonnier-circulaire/")


def test_guide_list_and_detail(client):
    rows = client.get(reverse("api:legal-guide-list")).json()
    assert {row["slug"] for row in rows} >= {
        "dangers-routes-irregulieres",
        "reconnaitre-fraude-recrutement",
    }
    assert all(set(row) == RESULT_KEYS and row["country"] is None for row in rows)
    url = reverse("api:legal-guide-detail", args=["reconnaitre-fraude-recrutement"])
    body = client.get(url, {"lang": "bm"}).json()
    assert body["category"] == "fraud" and body["lang"] == "bm"
    # The Bambara summary exists; the rest of the guide falls back to French and says so.
    assert body["fields"]["summary"] and "summary" not in body["untranslated"]
    assert "body" in body["untranslated"]
    assert body["sources"]


def test_destination_list_and_detail_with_its_pathways(client):
    rows = client.get(reverse("api:legal-destination-list"), {"lang": "en"}).json()
    assert {"france", "espagne", "cote-d-ivoire", "senegal"} <= {r["slug"] for r in rows}
    body = client.get(reverse("api:legal-destination-detail", args=["espagne"])).json()
    assert body["country_code"] == "ES" and body["fields"]["name"] == "Espagne"
    slugs = {row["slug"] for row in body["pathways"]}
    assert {"espagne-saisonnier-circulaire", "espagne-carte-bleue", "espagne-etudiant"} <= slugs
    assert all(set(row) == RESULT_KEYS for row in body["pathways"])


def test_faq_is_readable_in_each_language(client):
    rows = client.get(reverse("api:legal-faq-list")).json()
    assert len(rows) >= 5 and all(r["question"] and r["answer"] for r in rows)
    assert all(r["url"].split("#")[0].endswith("/legal/faq/") for r in rows)
    rows = client.get(reverse("api:legal-faq-list"), {"lang": "bm"}).json()
    assert all(r["lang"] in ("bm", "fr") for r in rows)


def test_unpublished_items_are_not_found(client):
    Guide.objects.filter(slug="preparer-son-depart").update(is_published=False)
    Pathway.objects.filter(slug="france-etudiant").update(is_published=False)
    url = reverse("api:legal-guide-detail", args=["preparer-son-depart"])
    assert client.get(url).status_code == 404
    url = reverse("api:legal-pathway-detail", args=["france-etudiant"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("api:legal-destination-detail", args=["nowhere"])).status_code == 404
    body = client.get(reverse("api:legal-destination-detail", args=["france"])).json()
    assert "france-etudiant" not in {row["slug"] for row in body["pathways"]}


def test_bad_language_is_refused(client):
    url = reverse("api:legal-guide-detail", args=["reconnaitre-fraude-recrutement"])
    assert client.get(url, {"lang": "de"}).status_code == 400
    assert client.get(reverse("api:legal-faq-list"), {"lang": ""}).status_code == 400


def test_every_public_operation_is_in_the_openapi_schema(client, content_editor, client_as):
    schema = client_as(content_editor).get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/legal/pathways/",
        "/api/v1/legal/pathways/{slug}/",
        "/api/v1/legal/guides/",
        "/api/v1/legal/guides/{slug}/",
        "/api/v1/legal/destinations/",
        "/api/v1/legal/destinations/{slug}/",
        "/api/v1/legal/faq/",
    ):
        assert "get" in paths[path], path
    params = {p["name"] for p in paths["/api/v1/legal/pathways/"]["get"]["parameters"]}
    assert {"q", "country", "category", "lang", "limit"} <= params
