"""Public pages: notices, printable sheet, short links, questionnaire, weight and query count."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legal.caching import forget_local
from legal.models import Destination, Pathway
from legal.views import short_code
from tests.legal.conftest import make_stale

pytestmark = pytest.mark.usefixtures("seeded")


def test_stale_pathway_shows_a_notice(client):
    pathway = make_stale(Pathway.objects.get(slug="france-etudiant"))
    page = client.get(pathway.get_absolute_url()).content.decode()
    assert 'data-testid="stale-notice"' in page
    fresh = client.get(reverse("legal:pathway", args=["espagne-etudiant"])).content.decode()
    assert 'data-testid="stale-notice"' not in fresh


def test_english_page_falls_back_to_french_and_says_so(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("legal:destination", args=["espagne"])).content.decode()
    assert "Spain" in page
    # The Spanish destination has no English alert text and no Bambara at all.
    client.cookies["django_language"] = "bm"
    page = client.get(reverse("legal:destination", args=["espagne"])).content.decode()
    assert 'data-testid="fallback-notice"' in page and 'lang="fr"' in page


def test_pathway_page_has_every_section_sources_and_short_link(client):
    pathway = Pathway.objects.get(slug="espagne-saisonnier-circulaire")
    page = client.get(pathway.get_absolute_url()).content.decode()
    for section in ("who_for", "conditions", "documents", "steps", "fees", "processing_time"):
        assert f'id="{section}"' in page
    assert "BOE-A-2025-27014" in page
    assert "2026-11-28" in page  # date consulted
    assert f"/i/{short_code(pathway)}" in page


def test_short_link_redirects_and_hides_unpublished(client):
    pathway = Pathway.objects.get(slug="france-etudiant")
    response = client.get(reverse("legal:short", args=[short_code(pathway)]))
    assert response.status_code == 302 and response["Location"] == pathway.get_absolute_url()
    assert client.get("/i/zzz").status_code == 404
    assert client.get("/i/p!").status_code == 404
    Pathway.objects.filter(pk=pathway.pk).update(is_published=False)
    assert client.get(reverse("legal:short", args=[short_code(pathway)])).status_code == 404


def test_printable_sheet_is_standalone_with_print_styles(client):
    page = client.get(reverse("legal:pathway-sheet", args=["france-etudiant"])).content.decode()
    assert "legal/sheet.css" in page and "bootstrap" not in page
    assert 'data-testid="sheet-short-link"' in page
    with open(finders.find("legal/sheet.css")) as css:
        assert "@media print" in css.read()


def test_questionnaire_recommends_with_reasons(client):
    response = client.get(
        reverse("legal:questionnaire"),
        {"country": "", "goal": "work", "education": "none", "occupation": "agriculture"},
    )
    recs = response.context["results"]
    assert recs[0].pathway.category == "seasonal" and recs[0].fits
    assert any(
        "recrute dans votre domaine" in r or "recruits in your field" in r for r in recs[0].reasons
    )
    blue = [r for r in recs if r.pathway.category == "talent"]
    assert blue and not blue[0].fits  # needs a degree; shown as "not for you yet"
    response = client.get(reverse("legal:questionnaire"), {"goal": "fly"})
    assert response.context["results"] is None and response.context["form"].errors


def _static_bytes(html: str) -> int:
    total = 0
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as fh:
            total += len(gzip.compress(fh.read(), 9))  # as whitenoise serves it, compressed
    return total


@pytest.mark.parametrize(
    "url",
    [
        "/legal/",
        "/legal/pathways/espagne-saisonnier-circulaire/",
        "/legal/search/?q=saisonnier",
        "/legal/guides/dangers-routes-irregulieres/",
    ],
)
def test_first_visit_transfers_at_most_150_kb(client, url):
    html = client.get(url).content
    total = len(gzip.compress(html, 9)) + _static_bytes(html.decode())
    assert total <= 150 * 1024, total


def _queries(client, url) -> int:
    cache.clear()  # measure the page as built, not as served from the cache
    forget_local()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_cost_the_same_queries_at_any_size(client):
    urls = ["/legal/", "/legal/countries/espagne/", "/legal/goals/work/", "/legal/search/?q=visa"]
    before = [_queries(client, url) for url in urls]
    spain = Destination.objects.get(slug="espagne")
    for i in range(15):
        Pathway.objects.create(
            slug=f"extra-{i}",
            destination=spain,
            category="seasonal",
            title_fr=f"Extra {i} visa",
            summary_fr="visa",
            is_published=True,
        )
    assert [_queries(client, url) for url in urls] == before


def test_cached_page_costs_no_query_and_a_publish_shows_at_once(client, content_editor):
    from legal.models import Revision
    from legal.services import revision_save_draft, revision_transition

    url = reverse("legal:pathway", args=["espagne-etudiant"])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == 0
    pathway = Pathway.objects.get(slug="espagne-etudiant")
    draft = revision_save_draft(
        item=pathway, content={"summary_fr": "Texte tout neuf."}, user=content_editor
    )
    draft = revision_transition(revision=draft, to="in_review", user=content_editor)
    revision_transition(revision=draft, to="published", user=content_editor)
    assert "Texte tout neuf." in client.get(url).content.decode()
    assert Revision.objects.filter(object_id=pathway.pk, state="published").count() == 2
