"""The stale-content task, the editor API and the seed content's own promises."""

from io import StringIO

import pytest
from django.core import mail
from django.urls import reverse

from legal import demo
from legal.models import LANGS, Destination, FaqEntry, Guide, Pathway, Revision
from legal.services import content_field_names
from legal.tasks import BEAT_SCHEDULE, notify_stale_content
from tests.legal.conftest import make_stale

pytestmark = pytest.mark.usefixtures("seeded")


def test_stale_items_are_mailed_to_content_editors_once(content_editor, counsellor):
    make_stale(Pathway.objects.get(slug="maroc-etudiant"))
    assert notify_stale_content() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [content_editor.email]
    assert "maroc-etudiant" in mail.outbox[0].body
    assert notify_stale_content() == 0  # safe to run twice: nothing new this week
    assert len(mail.outbox) == 1
    assert "legal-notify-stale-content" in BEAT_SCHEDULE


def test_seed_is_idempotent_and_keeps_history():
    counts = (Destination.objects.count(), Pathway.objects.count(), Guide.objects.count())
    revisions = Revision.objects.count()
    demo.seed(StringIO())
    assert (Destination.objects.count(), Pathway.objects.count(), Guide.objects.count()) == counts
    assert Revision.objects.count() == revisions


def test_seed_covers_the_issue():
    slugs = set(Pathway.objects.values_list("slug", flat=True))
    assert {
        "france-travailleur-saisonnier",
        "france-talent-carte-bleue",
        "france-etudiant",
        "france-regroupement-familial",
        "espagne-saisonnier-circulaire",
        "espagne-carte-bleue",
        "espagne-etudiant",
        "cote-d-ivoire-libre-circulation",
        "senegal-libre-circulation",
    } <= slugs
    assert Pathway.objects.exclude(
        destination__slug__in=["france", "espagne", "cote-d-ivoire", "senegal"]
    ).exists()
    assert set(Guide.objects.values_list("topic", flat=True)) >= {
        "irregular_routes",
        "fraud",
        "rights",
        "preparing",
        "return",
        "remittances",
    }
    assert FaqEntry.objects.filter(is_published=True).count() >= 5


def test_seed_pathways_are_sourced_dated_and_complete_in_french_and_english():
    for pathway in Pathway.objects.all():
        assert pathway.sources and pathway.last_verified_on, pathway.slug
        assert all(s["consulted"] for s in pathway.sources)
        for name in Pathway.translated_fields:
            assert getattr(pathway, f"{name}_fr"), (pathway.slug, name)
            assert getattr(pathway, f"{name}_en"), (pathway.slug, name)


def test_seed_has_bambara_summaries_marked_for_review():
    for slug in ("dangers-routes-irregulieres", "reconnaitre-fraude-recrutement"):
        guide = Guide.objects.get(slug=slug)
        assert guide.summary_bm and guide.bm_needs_review


def test_editor_api_draft_and_publish(client_as, content_editor, counsellor):
    url = reverse("api:legal-editor-draft", args=["pathway", "france-etudiant"])
    body = {"content": {"title_bm": "Faransi : kalanden"}, "note": "bm title"}
    assert client_as(counsellor).post(url, body, content_type="application/json").status_code == 403
    client = client_as(content_editor)
    bad = client.post(url, {"content": {"nope": 1}}, content_type="application/json")
    assert bad.status_code == 400
    draft = client.post(url, body, content_type="application/json").json()
    assert draft["state"] == "draft"
    move = reverse("api:legal-editor-revision-transition", args=[draft["id"]])
    illegal = client.post(move, {"to": "published"}, content_type="application/json")
    assert illegal.status_code == 400
    client.post(move, {"to": "in_review"}, content_type="application/json")
    done = client.post(move, {"to": "published"}, content_type="application/json").json()
    assert done["state"] == "published"
    assert Pathway.objects.get(slug="france-etudiant").title_bm == "Faransi : kalanden"
    detail = client.get(
        reverse("api:legal-pathway-detail", args=["france-etudiant"]), {"lang": "bm"}
    )
    assert detail.json()["fields"]["title"] == "Faransi : kalanden"
    assert "summary" in detail.json()["untranslated"]


def test_content_fields_cover_every_language():
    names = content_field_names(Pathway)
    for lang in LANGS:
        assert f"title_{lang}" in names and f"pitfalls_{lang}" in names


def test_regional_pathways_state_the_ecowas_withdrawal_with_its_source():
    for slug in ("cote-d-ivoire-libre-circulation", "senegal-libre-circulation"):
        pathway = Pathway.objects.get(slug=slug)
        assert "29 janvier 2025" in pathway.summary_fr + pathway.who_for_fr + pathway.title_fr
        assert "29 January 2025" in pathway.summary_en + pathway.who_for_en + pathway.title_en
        assert any("CEDEAO" in s["name"] and "2025" in s["name"] for s in pathway.sources)
        # "Until further notice": the page must say the rules may change.
        assert pathway.to_verify


def test_editor_worklist_api_lists_stale_untranslated_and_unsourced(client_as, content_editor):
    make_stale(Pathway.objects.get(slug="maroc-etudiant"))
    Guide.objects.filter(slug="preparer-son-depart").update(sources=[], summary_en="")
    body = client_as(content_editor).get(reverse("api:legal-editor-worklist")).json()
    assert "maroc-etudiant" in body["pathway"]["stale"]
    assert "france-etudiant" not in body["pathway"]["stale"]
    assert "preparer-son-depart" in body["guide"]["unsourced"]
    assert "preparer-son-depart" in body["guide"]["untranslated_en"]
    # Seed pathways are complete in English; Bambara is missing on most of them.
    assert body["pathway"]["untranslated_en"] == []
    assert body["pathway"]["untranslated_bm"]
