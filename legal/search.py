"""Search of pathways and guides: PostgreSQL full-text search, and a fallback for SQLite.

On PostgreSQL each published pathway and guide carries a `search_vector` built from its French
(config `legal_fr` = french stemmer after unaccent), English (`legal_en`) and Bambara
(`legal_simple`, no stemmer) text, weighted A (title, country, category and its synonyms),
B (summary) and C (the rest). A query is parsed with the French and the English configs, and:
- rows matching any word are kept (GIN index on `search_vector`);
- rows matching every word in one of them rank first (bonus of 1, found through the same index,
  so the large vector is never read row by row);
- then by ts_rank, normalised to [0, 1) (flag 32), of the small `search_heads` vector (title,
  country, category): ranking the full text of 2,000 matches cost 200 ms, the heads 10 ms;
- the tsqueries are built once per query (scalar sub-selects), not once per row;
so "visa étudiant france pas cher" still finds the French student pathway.

On SQLite (the embedded default), the same text is reduced to accent-free, lightly stemmed words
(`search_text`: heads on the first line, the rest after) and scored in Python: fine for a few
thousand rows on a laptop, and it keeps `make run` free of any service.
"""

import re

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value
from django.utils import translation
from unidecode import unidecode

CONFIGS = {"fr": "legal_fr", "en": "legal_en", "bm": "legal_simple"}

# Words a candidate may type for a category that the pathway's own text may not contain.
CATEGORY_SYNONYMS = {
    "seasonal": "saisonnier saisonnière saison récolte agricole agriculture cueillette "
    "temporaire circulaire seasonal harvest farm circular temporary",
    "salaried": "salarié emploi travail contrat employeur job employment worker",
    "talent": "carte bleue européenne talent qualifié diplômé cadre ingénieur informaticien "
    "blue card skilled graduate engineer highly qualified",
    "student": "étudiant études université campus inscription bourse student study "
    "university scholarship",
    "researcher": "chercheur recherche doctorat researcher research phd",
    "family": "regroupement familial famille conjoint époux épouse mari femme enfants "
    "rejoindre faire venir family reunification spouse husband wife children join",
    "visit": "visite tourisme court séjour visa schengen visit tourist short stay",
    "regional": "libre circulation résidence cedeao ecowas aes sahel carte consulaire "
    "free movement residence regional",
    "business": "entreprise investissement commerce affaires business investment trade",
    "return": "retour réintégration revenir rentrer return reintegration",
}

_STOP_WORDS = (
    "a au aux avec ce ces dans de des du en et je la le les leur ma mon ne on ou par pas "
    "pour qu que qui sa se ses son sur ta te tu un une vos votre nous vous il elle ils est "
    "the of and or to in for on at by an is are be with from how what my i do can"
)
_STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES = (
    "issements",
    "issement",
    "ements",
    "ement",
    "ations",
    "ation",
    "atrices",
    "atrice",
    "ateurs",
    "ateur",
    "ieres",
    "iere",
    "iers",
    "ier",
    "euses",
    "euse",
    "eurs",
    "eur",
    "ives",
    "ive",
    "ifs",
    "if",
    "ing",
    "ees",
    "ee",
    "es",
    "e",
    "s",
    "x",
)
_WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """Accent-free, lower-case, stemmed words without the commonest stop words."""
    return [stem(w) for w in _WORD.findall(unidecode(text or "").lower()) if w not in _STOP]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _texts(obj, names: list[str], extra_fr: str = "", extra_en: str = "") -> dict[str, str]:
    out = {}
    for lang in CONFIGS:
        parts = [getattr(obj, f"{name}_{lang}", "") for name in names]
        out[lang] = " ".join(p for p in parts if p)
    out["fr"] = f"{out['fr']} {extra_fr}".strip()
    out["en"] = f"{out['en']} {extra_en}".strip()
    return out


def _source_names(obj) -> str:
    # The names of the sources are searchable too: "GECCO" or "Campus France" find their page.
    return " ".join(source.get("name", "") for source in obj.sources or [])


def index_parts(obj) -> dict[str, dict[str, str]]:
    """Text by weight and language: A heads, B summary, C body."""
    from legal.models import Category, Guide, Pathway

    if isinstance(obj, Pathway):
        dest = obj.destination
        synonyms = CATEGORY_SYNONYMS.get(obj.category, "")
        heads = _texts(obj, ["title"])
        for lang in CONFIGS:
            heads[lang] = f"{heads[lang]} {getattr(dest, f'name_{lang}', '')}".strip()
        for lang in ("fr", "en"):
            with translation.override(lang):
                heads[lang] += f" {Category(obj.category).label}"
        heads["fr"] += f" {synonyms}"
        body = _texts(
            obj,
            [
                "who_for",
                "conditions",
                "documents",
                "steps",
                "fees",
                "processing_time",
                "validity",
                "rights",
                "pitfalls",
            ],
            extra_fr=f"{obj.sectors} {_source_names(obj)} {dest.contacts_fr}",
        )
        return {"A": heads, "B": _texts(obj, ["summary"]), "C": body}
    if isinstance(obj, Guide):
        return {
            "A": _texts(obj, ["title"]),
            "B": _texts(obj, ["summary"]),
            "C": _texts(obj, ["body"], extra_fr=_source_names(obj)),
        }
    raise TypeError(obj)


def search_text_for(obj) -> str:
    parts = index_parts(obj)
    heads = " ".join(words(" ".join(parts["A"].values())))
    rest = " ".join(words(" ".join([*parts["B"].values(), *parts["C"].values()])))
    return f"{heads}\n{rest}"


def _vector(parts: dict[str, dict[str, str]], stems: list[tuple[str, str]]):
    vector = None
    for text, weight in stems:
        if text:
            part = SearchVector(Value(text), config="simple", weight=weight)
            vector = part if vector is None else vector + part
    for weight, by_lang in parts.items():
        for lang, part_text in by_lang.items():
            if part_text:
                part = SearchVector(Value(part_text), config=CONFIGS[lang], weight=weight)
                vector = part if vector is None else vector + part
    return vector


def reindex(obj) -> None:
    """Recompute the search columns of one pathway or guide (after a publish)."""
    model = type(obj)
    text = search_text_for(obj)
    values = {"search_text": text}
    if is_postgres():
        heads, _sep, rest = text.partition("\n")
        parts = index_parts(obj)
        # Our own stems too (config `simple`), so that "saisonniere" typed without its accent
        # meets "saisonnier": Snowball stems the two differently once accents are gone.
        values["search_vector"] = _vector(parts, [(heads, "A"), (rest, "C")])
        values["search_heads"] = _vector({"A": parts["A"]}, [(heads, "A")])
    model.objects.filter(pk=obj.pk).update(**values)


def query_params(q: str) -> tuple[str, str, str]:
    """Parameters for PG_AND_QUERY / PG_OR_QUERY: the query twice, then our stems."""
    return (q, q, " ".join(words(q)))


def python_rank(query: str, rows) -> list[tuple[int, float]]:
    """Score (id, search_text) rows against a query; best first. The SQLite fallback."""
    wanted = set(words(query))
    if not wanted:
        return []
    scored = []
    for pk, text in rows:
        heads, _sep, rest = (text or "").partition("\n")
        head_words, rest_words = set(heads.split()), set(rest.split())
        hits = {w for w in wanted if w in head_words or w in rest_words}
        if not hits:
            # Prefix match tolerates a word cut short ("saison" for "saisonni").
            hits = {
                w
                for w in wanted
                if len(w) >= 4 and any(h.startswith(w) for h in head_words | rest_words)
            }
            if not hits:
                continue
        score = 3 * len(wanted & head_words) + len(wanted & rest_words) + len(hits)
        if hits == wanted:
            score += 10
        scored.append((pk, score))
    scored.sort(key=lambda item: -item[1])
    return scored


# tsquery of every word (AND) and of any word (OR), under the French and English parsers and
# our own stems; parameters from query_params().
# Each is a scalar sub-select, so PostgreSQL computes it once per query instead of once per row.
PG_AND_QUERY = (
    "(SELECT plainto_tsquery('legal_fr', %s) || plainto_tsquery('legal_en', %s)"
    " || plainto_tsquery('simple', %s))"
)
PG_OR_QUERY = (
    "(SELECT replace(plainto_tsquery('legal_fr', %s)::text, '&', '|')::tsquery"
    " || replace(plainto_tsquery('legal_en', %s)::text, '&', '|')::tsquery"
    " || replace(plainto_tsquery('simple', %s)::text, '&', '|')::tsquery)"
)


def reindex_missing() -> int:
    """Index published items never indexed with the current columns (after a migration)."""
    from legal.models import Guide, Pathway

    count = 0
    for model in (Pathway, Guide):
        missing = model.objects.filter(is_published=True)
        if is_postgres():
            missing = missing.filter(search_heads__isnull=True)
        else:
            missing = missing.filter(search_text="")
        for item in missing.select_related("destination") if model is Pathway else missing:
            reindex(item)
            count += 1
    return count
