"""Seed content of the legal app (real, sourced) and synthetic pathways for benchmarks."""

import random
from datetime import date

from legal import search
from legal.caching import content_changed
from legal.fixtures_data import destinations, guides, pathways_france, pathways_other
from legal.models import CATEGORY_GOAL, LANGS, Category, Destination, FaqEntry, Guide, Pathway
from legal.services import seed_publish

SEED_NOTE = "Contenu initial rédigé par le CIGEM à partir des sources citées"


def _verified(content: dict) -> dict:
    return {
        "last_verified_on": destinations.CONSULTED,
        "last_verified_by": destinations.VERIFIED_BY,
        **content,
    }


def _seed_items(model, rows: list[dict], prepare=None) -> int:
    """Create and publish items that do not exist yet; never overwrite an editor's work."""
    created = 0
    for row in rows:
        row = dict(row)
        slug = row.pop("slug")
        if model.objects.filter(slug=slug).exists():
            continue
        if prepare:
            row = prepare(row)
        item = model(slug=slug)
        for field in ("destination", "category", "topic"):
            if field in row:
                setattr(item, f"{field}_id" if field == "destination" else field, row[field])
        item.save()
        seed_publish(item=item, content=_verified(row), note=SEED_NOTE)
        created += 1
    return created


def _with_destination_id(row: dict) -> dict:
    row["destination"] = Destination.objects.get(slug=row["destination"]).pk
    return row


def seed(out) -> None:
    counts = {
        "destinations": _seed_items(Destination, destinations.DESTINATIONS),
        "pathways": _seed_items(
            Pathway,
            [*pathways_france.PATHWAYS, *pathways_other.PATHWAYS],
            prepare=_with_destination_id,
        ),
        "guides": _seed_items(Guide, guides.GUIDES),
        "faq": _seed_items(FaqEntry, guides.FAQ),
    }
    counts["re-indexed"] = search.reindex_missing()
    out.write("Legal information: " + ", ".join(f"{k} +{v}" for k, v in counts.items()))


# --- Synthetic data for benchmarks ------------------------------------------------------------

WORDS = {
    "fr": [
        "travail",
        "saisonnier",
        "contrat",
        "employeur",
        "visa",
        "séjour",
        "étudiant",
        "famille",
        "conjoint",
        "enfants",
        "récolte",
        "agriculture",
        "université",
        "diplôme",
        "passeport",
        "consulat",
        "frais",
        "délai",
        "renouvellement",
        "droits",
        "obligations",
        "arnaque",
        "intermédiaire",
        "logement",
        "salaire",
        "assurance",
    ],
    "en": [
        "work",
        "seasonal",
        "contract",
        "employer",
        "visa",
        "stay",
        "student",
        "family",
        "spouse",
        "children",
        "harvest",
        "farming",
        "university",
        "degree",
        "passport",
        "consulate",
        "fees",
        "time",
        "renewal",
        "rights",
        "duties",
        "scam",
        "go-between",
        "housing",
        "pay",
        "insurance",
    ],
    "bm": [
        "baara",
        "sɛnɛ",
        "visa",
        "kalan",
        "denbaya",
        "muso",
        "denw",
        "pasipɔri",
        "wari",
        "sara",
        "nanbara",
        "so",
        "sariya",
        "jamana",
        "taa",
        "segin",
    ],
}


def add_arguments(parser) -> None:
    parser.add_argument(
        "--legal-pathways", type=int, default=0, help="synthetic pathways in three languages"
    )


def _text(rng: random.Random, lang: str, n: int) -> str:
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n)).capitalize() + "."


def generate(options, out) -> None:
    count = options.get("legal_pathways") or 0
    if not count:
        return
    rng = random.Random(options["seed"])
    seed(out)
    dests = []
    for i in range(20):
        dest, _created = Destination.objects.get_or_create(
            slug=f"synthetique-{i:02d}",
            defaults={
                "name_fr": f"Pays synthétique {i}",
                "name_en": f"Synthetic country {i}",
                "name_bm": f"Jamana {i}",
                "summary_fr": _text(rng, "fr", 20),
                "is_published": True,
                "position": 200 + i,
            },
        )
        dests.append(dest)
    categories = Category.values
    text_fields = Pathway.translated_fields
    made = []
    for i in range(count):
        slug = f"synthetique-parcours-{i:05d}"
        if Pathway.objects.filter(slug=slug).exists():
            continue
        pathway = Pathway(
            slug=slug,
            destination=rng.choice(dests),
            category=rng.choice(categories),
            is_published=True,
            last_verified_on=date.fromisoformat(destinations.CONSULTED),
            review_interval_days=365,
            sources=[{"name": "Source", "url": "https://example.org", "consulted": "2026-11-28"}],
        )
        for name in text_fields:
            for lang in LANGS:
                words = 6 if name == "title" else 40
                setattr(pathway, f"{name}_{lang}", _text(rng, lang, words))
        pathway.review_due_on = pathway.compute_review_due()
        pathway.goal = CATEGORY_GOAL[pathway.category]  # bulk_create skips save()
        made.append(pathway)
    Pathway.objects.bulk_create(made, batch_size=500)
    for pathway in Pathway.objects.filter(slug__startswith="synthetique-parcours-").select_related(
        "destination"
    ):
        search.reindex(pathway)
    content_changed()
    out.write(f"legal pathways: {len(made)}")
