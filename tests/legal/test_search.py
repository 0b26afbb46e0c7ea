"""Search: a labelled set of queries and the result expected first, on PostgreSQL and fallback."""

import pytest
from django.urls import reverse

from legal import search, selectors

pytestmark = pytest.mark.usefixtures("seeded")

# (query, the pathway expected first). Accents, plurals, feminine forms, English, typos.
PATHWAY_QUERIES = [
    ("travail saisonnier espagne", "espagne-saisonnier-circulaire"),
    ("saisonnier espagne", "espagne-saisonnier-circulaire"),
    ("saisonniers en Espagne", "espagne-saisonnier-circulaire"),
    ("saisonnière espagne", "espagne-saisonnier-circulaire"),
    ("saisonniere espagne", "espagne-saisonnier-circulaire"),
    ("récolte fraises espagne", "espagne-saisonnier-circulaire"),
    ("migration circulaire", "espagne-saisonnier-circulaire"),
    ("GECCO", "espagne-saisonnier-circulaire"),
    ("contratación en origen", "espagne-saisonnier-circulaire"),
    ("seasonal work spain", "espagne-saisonnier-circulaire"),
    ("seasonal worker France", "france-travailleur-saisonnier"),
    ("travail saisonnier france", "france-travailleur-saisonnier"),
    ("vendanges france", "france-travailleur-saisonnier"),
    ("travailleur saisonnier", "france-travailleur-saisonnier"),
    ("carte bleue européenne france", "france-talent-carte-bleue"),
    ("carte bleue europeenne france", "france-talent-carte-bleue"),
    ("passeport talent", "france-talent-carte-bleue"),
    ("EU Blue Card France", "france-talent-carte-bleue"),
    ("ingénieur informaticien france", "france-talent-carte-bleue"),
    ("carte bleue espagne", "espagne-carte-bleue"),
    ("blue card spain", "espagne-carte-bleue"),
    ("tarjeta azul", "espagne-carte-bleue"),
    ("étudier en france", "france-etudiant"),
    ("etudiant france", "france-etudiant"),
    ("études france campus", "france-etudiant"),
    ("Campus France", "france-etudiant"),
    ("student visa france", "france-etudiant"),
    ("étudiant espagne", "espagne-etudiant"),
    ("study in spain", "espagne-etudiant"),
    ("études au maroc", "maroc-etudiant"),
    ("bourse AMCI", "maroc-etudiant"),
    ("étudiant maroc", "maroc-etudiant"),
    ("regroupement familial", "france-regroupement-familial"),
    ("faire venir ma femme en france", "france-regroupement-familial"),
    ("rejoindre mon mari france", "france-regroupement-familial"),
    ("family reunification", "france-regroupement-familial"),
    ("OFII famille", "france-regroupement-familial"),
    ("libre circulation côte d'ivoire", "cote-d-ivoire-libre-circulation"),
    ("cote divoire", "cote-d-ivoire-libre-circulation"),
    ("abidjan sans visa", "cote-d-ivoire-libre-circulation"),
    ("libre circulation sénégal", "senegal-libre-circulation"),
    ("senegal", "senegal-libre-circulation"),
    ("aller à dakar", "senegal-libre-circulation"),
    ("free movement Senegal", "senegal-libre-circulation"),
]
GUIDE_QUERIES = [
    ("arnaque recrutement", "reconnaitre-fraude-recrutement"),
    ("faux visa payer agent", "reconnaitre-fraude-recrutement"),
    ("recruitment fraud", "reconnaitre-fraude-recrutement"),
    ("désert mer passeurs", "dangers-routes-irregulieres"),
    ("traversée en pirogue", "dangers-routes-irregulieres"),
    ("smugglers", "dangers-routes-irregulieres"),
    ("envoyer de l'argent", "envoyer-argent-moins-cher"),
    ("transfert argent mobile money", "envoyer-argent-moins-cher"),
    ("retour au pays réinsertion", "retour-et-reintegration"),
    ("droits des migrants", "droits-des-migrants"),
    ("préparer mon départ passeport", "preparer-son-depart"),
]


def test_labelled_set_is_large_enough():
    assert len(PATHWAY_QUERIES) + len(GUIDE_QUERIES) >= 40


@pytest.mark.parametrize("query, expected", PATHWAY_QUERIES)
def test_pathway_query_puts_the_expected_result_first(query, expected):
    found = [p.slug for p in selectors.pathway_search(q=query)]
    assert found and found[0] == expected, (query, found[:3])


@pytest.mark.parametrize("query, expected", GUIDE_QUERIES)
def test_guide_query_puts_the_expected_result_first(query, expected):
    found = [g.slug for g in selectors.guide_search(q=query)]
    assert found and found[0] == expected, (query, found[:3])


def test_a_misspelt_word_still_finds_by_trigrams():
    assert selectors.pathway_search(q="espagen")[0].destination.slug == "espagne"


def test_fallback_ranking_agrees_on_most_of_the_labelled_set(monkeypatch):
    """The SQLite fallback (run here on PostgreSQL by forcing it) is cruder, but must agree."""
    monkeypatch.setattr(search, "is_postgres", lambda: False)
    agree = sum(
        1
        for query, expected in PATHWAY_QUERIES
        if [p.slug for p in selectors.pathway_search(q=query)][:1] == [expected]
    )
    assert agree >= 0.75 * len(PATHWAY_QUERIES), agree


def test_api_contract_and_order(client):
    response = client.get(reverse("api:legal-pathway-list"), {"q": "travail saisonnier espagne"})
    rows = response.json()
    assert isinstance(rows, list)
    assert set(rows[0]) == {
        "slug",
        "title",
        "country",
        "category",
        "summary",
        "last_verified",
        "url",
    }
    assert rows[0]["slug"] == "espagne-saisonnier-circulaire"
    assert rows[0]["country"] == "espagne" and rows[0]["category"] == "seasonal"
    assert rows[0]["url"].endswith("/legal/pathways/espagne-saisonnier-circulaire/")


def test_api_filters_and_language(client):
    url = reverse("api:legal-pathway-list")
    rows = client.get(url, {"country": "france", "category": "student", "lang": "en"}).json()
    assert [r["slug"] for r in rows] == ["france-etudiant"]
    assert rows[0]["title"] == "France: student"
    assert client.get(url, {"country": "ES"}).json()[0]["country"] == "espagne"
    assert client.get(url, {"category": "nonsense"}).status_code == 400
    guides = client.get(reverse("api:legal-guide-list"), {"q": "arnaque", "lang": "bm"}).json()
    assert guides[0]["slug"] == "reconnaitre-fraude-recrutement"
    assert guides[0]["country"] is None
    assert guides[0]["title"] == "Baara ɲinini nanbara dɔn cogo"


def test_search_page_shows_results_and_an_empty_state(client):
    page = client.get(reverse("legal:search"), {"q": "saisonnier"}).content.decode()
    assert "travail saisonnier" in page
    page = client.get(reverse("legal:search"), {"q": "xyzzyplugh"}).content.decode()
    assert "Aucun parcours ne correspond" in page or "No pathway matches" in page
