"""Reads of the legal app shared by pages, API and tasks, each with its joins decided here.

The RawSQL below interpolates only constant table names and query templates; the words
searched always travel as parameters.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from legal import search
from legal.models import (
    CONTENT_MODELS,
    OPTIONAL_LANGS,
    Destination,
    FaqEntry,
    Guide,
    Pathway,
    Revision,
    RevisionState,
)

MAX_RESULTS = 200
CANDIDATES = 100  # ranked on their full text too; the rest by title, country and category


# --- Public -----------------------------------------------------------------------------------


def destination_list_public() -> QuerySet[Destination]:
    return Destination.objects.filter(is_published=True).annotate(
        pathway_count=Count("pathways", filter=Q(pathways__is_published=True))
    )


def pathway_list_public(
    *, country: str = "", category: str = "", goal: str = ""
) -> QuerySet[Pathway]:
    qs = Pathway.objects.filter(is_published=True, destination__is_published=True)
    if country:
        qs = qs.filter(destination__slug=country)
    if category:
        qs = qs.filter(category=category)
    if goal:
        qs = qs.filter(goal=goal)
    return qs.select_related("destination").only(*PATHWAY_LIST_FIELDS)


# What a list row shows: the full text of 33 columns stays on disk.
PATHWAY_LIST_FIELDS = [
    "slug",
    "category",
    "goal",
    "destination_id",
    "is_published",
    "last_verified_on",
    "review_due_on",
    "review_interval_days",
    *(f"{name}_{lang}" for name in ("title", "summary") for lang in ("fr", "en", "bm")),
    "destination__slug",
    "destination__position",
    "destination__is_published",
    *(f"destination__name_{lang}" for lang in ("fr", "en", "bm")),
    *(f"destination__alerts_{lang}" for lang in ("fr", "en", "bm")),
]
GUIDE_LIST_FIELDS = [
    "slug",
    "topic",
    "position",
    "is_published",
    "last_verified_on",
    "review_due_on",
    *(f"{name}_{lang}" for name in ("title", "summary") for lang in ("fr", "en", "bm")),
]


def guide_list_public() -> QuerySet[Guide]:
    return Guide.objects.filter(is_published=True).only(*GUIDE_LIST_FIELDS)


SEARCH_COLUMNS = ("search_vector", "search_heads", "search_text")


def pathway_get_public() -> QuerySet[Pathway]:
    """For one pathway's page: every text field, none of the search columns."""
    return (
        Pathway.objects.filter(is_published=True, destination__is_published=True)
        .select_related("destination")
        .defer(*SEARCH_COLUMNS)
    )


def guide_get_public() -> QuerySet[Guide]:
    return Guide.objects.filter(is_published=True).defer(*SEARCH_COLUMNS)


def faq_list_public() -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(is_published=True)


def _ranked(qs: QuerySet, table: str, q: str, limit: int) -> list:
    """The rows of `qs` matching `q`, most relevant first (see legal.search)."""
    limit = min(max(limit, 1), MAX_RESULTS)
    if search.is_postgres():
        vector = f'"{table}"."search_vector"'
        params = search.query_params(q)
        matched = qs.alias(
            hit=RawSQL(f"{vector} @@ {search.PG_OR_QUERY}", params, output_field=BooleanField())  # noqa: S611
        ).filter(hit=True)
        # The AND test runs as an indexed sub-select: evaluated per row, it would decompress
        # every matching row's large vector.
        rank_sql = (
            f'ts_rank("{table}"."search_heads", {search.PG_OR_QUERY}, 32) '  # noqa: S608
            f'+ CASE WHEN "{table}"."id" IN (SELECT "id" FROM "{table}" '
            f"WHERE search_vector @@ {search.PG_AND_QUERY}) THEN 1 ELSE 0 END"
        )
        rank = RawSQL(  # noqa: S611
            rank_sql,
            params + params,
            output_field=FloatField(),
        )
        # Two steps, two queries: the best candidates by the cheap rank, then those few ranked
        # on their full text too (reading the large vector of 100 rows, not of every match).
        top = list(
            matched.annotate(rank=rank)
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[:CANDIDATES]
        )
        if top:
            full = RawSQL(  # noqa: S611
                f"ts_rank({vector}, {search.PG_OR_QUERY}, 32)", params, output_field=FloatField()
            )
            rows = {
                row.pk: row for row in qs.filter(pk__in=[pk for pk, _r in top]).annotate(full=full)
            }
            score = {pk: cheap + 0.5 * rows[pk].full for pk, cheap in top if pk in rows}
            return sorted(rows.values(), key=lambda row: (-score[row.pk], row.pk))[:limit]
        # Nothing in the dictionary: a misspelt word ("espagen") still finds by trigrams.
        normal = " ".join(search.words(q))
        if not normal:
            return []
        similar = RawSQL(  # noqa: S611
            f'word_similarity(%s, "{table}"."search_text")', (normal,), output_field=FloatField()
        )
        return list(qs.annotate(rank=similar).filter(rank__gte=0.5).order_by("-rank", "pk")[:limit])
    ranked = search.python_rank(q, qs.values_list("pk", "search_text"))[:limit]
    found = qs.in_bulk([pk for pk, _score in ranked])
    return [found[pk] for pk, _score in ranked if pk in found]


def pathway_search(
    *, q: str = "", country: str = "", category: str = "", goal: str = "", limit: int = 50
) -> list[Pathway]:
    qs = pathway_list_public(country=country, category=category, goal=goal)
    if not q.strip():
        return list(qs[: min(max(limit, 1), MAX_RESULTS)])
    return _ranked(qs, "legal_pathway", q, limit)


def guide_search(*, q: str = "", limit: int = 50) -> list[Guide]:
    qs = guide_list_public()
    if not q.strip():
        return list(qs[: min(max(limit, 1), MAX_RESULTS)])
    return _ranked(qs, "legal_guide", q, limit)


# --- Editors ----------------------------------------------------------------------------------


def open_revisions(state: str | None = None) -> QuerySet[Revision]:
    states = [state] if state else [RevisionState.DRAFT, RevisionState.IN_REVIEW]
    return (
        Revision.objects.filter(state__in=states)
        .select_related("content_type", "created_by", "submitted_by")
        .order_by("-updated_at")
    )


def stale_items(model) -> QuerySet:
    today = timezone.localdate()
    return model.objects.filter(is_published=True).filter(
        Q(review_due_on__lt=today) | Q(review_due_on__isnull=True)
    )


def untranslated_items(model, lang: str) -> QuerySet:
    """Published items whose summary-level text lacks `lang` (title or first text field)."""
    assert lang in OPTIONAL_LANGS
    names = model.translated_fields[:2]
    missing = Q()
    for name in names:
        missing |= Q(**{f"{name}_{lang}": ""})
    return model.objects.filter(is_published=True).filter(missing)


def unsourced_items(model) -> QuerySet:
    return model.objects.filter(is_published=True, sources=[])


@dataclass
class Worklist:
    kind: str
    label: str
    stale: list
    untranslated_en: list
    untranslated_bm: list
    unsourced: list


def editor_worklists(limit: int = 50) -> list[Worklist]:
    out = []
    for kind, model in CONTENT_MODELS.items():
        out.append(
            Worklist(
                kind=kind,
                label=model._meta.verbose_name_plural,
                stale=list(stale_items(model).order_by("review_due_on")[:limit]),
                untranslated_en=list(untranslated_items(model, "en")[:limit]),
                untranslated_bm=list(untranslated_items(model, "bm")[:limit]),
                unsourced=list(unsourced_items(model)[:limit]),
            )
        )
    return out


def item_revisions(item) -> QuerySet[Revision]:
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("created_by", "published_by", "submitted_by")


def item_open_revision(item) -> Revision | None:
    return (
        item_revisions(item)
        .filter(state__in=[RevisionState.DRAFT, RevisionState.IN_REVIEW])
        .first()
    )
