"""Reads of the reception app shared by pages, API and benchmark: lists, duplicates, timeline."""

from collections import namedtuple
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from accounts.roles import COUNSELLOR, MANAGER
from cigem.pagination import flip, past_position
from cigem.permissions import user_has_role
from legal.content import Localized
from legal.models import Pathway
from reception import names
from reception.models import (
    AppointmentRequest,
    AppointmentStatus,
    Candidate,
    CandidateConsent,
    CandidateStatus,
    ConsentKind,
    DuplicateDecision,
    DuplicateLink,
    FollowUp,
    Partner,
    Referral,
    ReferralStatus,
    Visit,
    VisitChannel,
)

CANDIDATE_ROLES = (COUNSELLOR, MANAGER)

REASON_LABELS = {
    "same_phone": _("same phone"),
    "same_nina": _("same national ID (NINA)"),
    "same_passport": _("same passport number"),
    "same_name": _("same name"),
    "similar_name": _("similar name"),
    "names_swapped": _("family and given names swapped"),
    "name_part_missing": _("a name is missing on one side"),
    "same_birth_date": _("same date of birth"),
    "birth_date_day_month_swapped": _("day and month of birth swapped"),
    "same_birth_year": _("same year of birth"),
    "birth_year_close": _("year of birth one apart"),
}


def reason_labels(codes) -> list[str]:
    return [str(REASON_LABELS.get(code, code)) for code in codes]


# --- access ----------------------------------------------------------------------------------


def candidate_for(user, pk: int) -> Candidate:
    """The record if this person may see it, else 404 (the role check happens before)."""
    if not user_has_role(user, *CANDIDATE_ROLES):
        raise Http404
    try:
        # `merged_into` is not joined: a merged record is rare, and the join brought a second
        # full candidate row into every record page's query.
        return Candidate.objects.select_related("region_of_origin", "counsellor").get(pk=pk)
    except (Candidate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- candidate list --------------------------------------------------------------------------

# Each sort's columns all go the same way: a page boundary is then one row-value comparison.
SORTS = {
    "-created_at": ("-created_at", "-id"),
    "created_at": ("created_at", "id"),
    "name": ("last_name", "first_name", "id"),
    "-updated_at": ("-updated_at", "-id"),
}

LIST_FIELDS = (
    "id",
    "code",
    "last_name",
    "first_name",
    "sex",
    "birth_year",
    "phone",
    "profile",
    "status",
    "created_at",
    "updated_at",
    "region_of_origin__name",
    "counsellor__full_name",
    "erased_at",
)


def candidate_list(
    *,
    q: str = "",
    profile: str = "",
    region: int | None = None,
    status: str = "",
    counsellor: int | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    sort: str = "-created_at",
) -> QuerySet:
    """Candidates for the list page and the API: every filter and sort has a matching index."""
    qs = Candidate.objects.select_related("region_of_origin", "counsellor").only(*LIST_FIELDS)
    if q:
        qs = qs.filter(_search_filter(q))
    if profile:
        qs = qs.filter(profile=profile)
    if region:
        qs = qs.filter(region_of_origin_id=region)
    if status:
        qs = qs.filter(status=status)
    if counsellor:
        qs = qs.filter(counsellor_id=counsellor)
    # Compare the timestamp itself with local midnights: `created_at__date` would wrap the
    # column in a time-zone conversion and stop the index from being used.
    if created_from:
        qs = qs.filter(created_at__gte=_local_midnight(created_from))
    if created_to:
        qs = qs.filter(created_at__lt=_local_midnight(created_to + timedelta(days=1)))
    return qs.order_by(*SORTS.get(sort, SORTS["-created_at"]))


ROW_FIELDS = (
    "pk",
    "code",
    "last_name",
    "first_name",
    "birth_year",
    "profile",
    "status",
    "created_at",
    "updated_at",
    "erased_at",
    "region_of_origin__name",
    "counsellor__full_name",
)


_ROW = namedtuple("CandidateRow", ROW_FIELDS)  # what `values_list(*ROW_FIELDS, named=True)` gives


def candidate_rows(queryset: QuerySet) -> QuerySet:
    """The list page's rows as named tuples of the columns it shows: no model instances to
    build, no related objects to attach (a third of the list's query cost in Python)."""
    return queryset.values_list(*ROW_FIELDS, named=True)


class DeferredJoin:
    """A queryset whose deep slices read only ids past the offset, then the rows they keep.

    `page_without_count` slices its queryset; for page 200 PostgreSQL otherwise fetches and
    joins the 4,975 skipped rows too. The inner `SELECT id ... ORDER BY ... OFFSET n LIMIT 26`
    walks the sort's index only (PostgreSQL's index-only scan once the table is vacuumed), and
    the outer query fetches and joins 26 rows: still one query.
    """

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset

    def __getitem__(self, item):
        if not isinstance(item, slice) or not item.start:
            return self.queryset[item]
        ids = self.queryset.values("pk")[item]
        return self.queryset.filter(pk__in=ids)

    def __iter__(self):
        return iter(self.queryset)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _search_filter(q: str) -> Q:
    """Code, phone, NINA/passport exactly; names through the phonetic keys (indexed)."""
    condition = Q(pk__in=[])
    for terms in search_terms(q):
        condition |= Q(**terms)
    return condition


def search_terms(q: str) -> list[dict[str, str]]:
    """What a search matches, as alternatives each of column equalities (none: nothing).

    Shared by the ORM filter and the list page's own SQL, so both read the same rows.
    """
    from reception.services import identifier_normalise, phone_normalise

    q = q.strip()
    if q.upper().startswith("CIG-"):
        return [{"code": q.upper()}]
    digits = "".join(ch for ch in q if ch.isdigit())
    if digits and len(digits) >= 8 and len(digits) >= len(q.replace(" ", "")) - 1:
        try:
            return [{"phone": phone_normalise(q)}, {"nina": identifier_normalise(q)}]
        except ValidationError:  # not a phone: maybe an ID
            ident = identifier_normalise(q)
            return [{"nina": ident}, {"passport_number": ident}]
    words = names.tokens(q)
    if not words:
        return []
    if len(words) == 1:
        key = names.skeleton(words[0])
        return [
            {"last_name_key": key},
            {"first_name_key": key},
            {"passport_number": identifier_normalise(q)},
        ]
    return [
        {"last_name_key": last, "first_name_key": first}
        for last, first in names.query_key_pairs(words[-1], " ".join(words[:-1]))
    ]


class CandidateRows:
    """The candidate list page's rows for some filters, sliced by the list's pagination.

    On PostgreSQL the statement is written here rather than compiled by the ORM: compiling the
    list query cost 0.3–0.6 ms of CPU per request (the deferred join and the name search the
    most), four times what PostgreSQL's answer costs to read. The rows and their order are those
    of `candidate_rows(candidate_list(**filters))` (`test_list_sql_matches_the_orm`); other
    databases go through the ORM.

    `seek` continues after (or before) a row the page showed: the sort's columns of that row,
    compared as one row value, so the next page starts where the index left off and costs the
    same at page 2 or page 20,000 (an offset walks every skipped row).

    A position goes into a link, so it never holds a name: for the sorts on dates it is the
    row's dates and id, for the name sort only the row's id, whose names the statement reads
    itself (`ANCHORED`). Query strings end up in proxy logs and browser histories.
    """

    ANCHORED = {"name"}  # sorts whose position is the id of the row, not its sort values

    def __init__(self, *, _seek=None, **filters):
        self.filters = filters
        self._seek = _seek  # (values of the sort columns, backwards)

    @property
    def sort(self) -> tuple[str, ...]:
        return SORTS.get(self.filters.get("sort") or "", SORTS["-created_at"])

    @property
    def anchored(self) -> bool:
        return (self.filters.get("sort") or "-created_at") in self.ANCHORED

    def position(self, row) -> list:
        """Where a page that ends (or starts) with `row` stops: the sort's values, or the id."""
        if self.anchored:
            return [row.pk]
        return [
            getattr(row, "pk" if name.lstrip("-") == "id" else name.lstrip("-"))
            for name in self.sort
        ]

    def seek(self, values: list, *, backwards: bool = False) -> "CandidateRows":
        """These rows after the position `values`, or before it when `backwards`.

        Sliced from 0, either way the rows come in the list's order (backwards: nearest last).

        The values come from a link, so each is checked against its column's type; a position
        that does not fit raises ValidationError.
        """
        names = ["id"] if self.anchored else [name.lstrip("-") for name in self.sort]
        if not isinstance(values, list) or len(values) != len(names):
            raise ValidationError("position")
        typed = [
            Candidate._meta.get_field(name).to_python(value)
            for name, value in zip(names, values, strict=True)
        ]
        if any(value is None for value in typed):
            raise ValidationError("position")
        return CandidateRows(_seek=(typed, backwards), **self.filters)

    def __getitem__(self, item: slice):
        start, stop = item.start or 0, item.stop
        if self._seek and start:
            raise ValueError("a sought position is read from its start")
        if connection.vendor != "postgresql":
            orm = candidate_rows(self._orm())
            if self._seek:
                rows = list(orm[:stop])
                return rows[::-1] if self._seek[1] else rows
            return DeferredJoin(orm)[item]
        return self._sql(start, stop - start)

    def _orm(self) -> QuerySet:
        qs = candidate_list(**self.filters)
        if not self._seek:
            return qs
        values, backwards = self._seek
        names = [name.lstrip("-") for name in self.sort]
        if self.anchored:  # the row's own sort values, read here
            values = Candidate.objects.filter(pk=values[0]).values_list(*names).first()
            if values is None:
                return qs.none()
        order = [flip(name) for name in self.sort] if backwards else list(self.sort)
        return qs.filter(past_position(self.sort, list(values), backwards=backwards)).order_by(
            *order
        )

    def _sql(self, offset: int, limit: int) -> list:
        search, parts, params = self._parts()
        if search == []:
            return []  # a search with nothing to look for matches no one
        backwards = bool(self._seek and self._seek[1])
        descending = self.sort[0].startswith("-") != backwards
        order = ", ".join(
            f"c.{_column(name.lstrip('-'))} {'DESC' if descending else 'ASC'}" for name in self.sort
        )
        if self._seek:
            columns = ", ".join(f"c.{_column(name.lstrip('-'))}" for name in self.sort)
            if self.anchored:  # the anchor row's values, read by the statement (once)
                anchor = ", ".join(f"a.{_column(name.lstrip('-'))}" for name in self.sort)
                marks = f"SELECT {anchor} FROM {Candidate._meta.db_table} a WHERE a.id = %s"  # noqa: S608
            else:
                marks = ", ".join(["%s"] * len(self.sort))
            parts = [*parts, f"({columns}) {'<' if descending else '>'} ({marks})"]
            params = [*params, *self._seek[0]]
        table = Candidate._meta.db_table
        # Names come from the models' metadata; every value is a parameter.
        if (
            search
            and self.sort[0].lstrip("-") == "created_at"
            and all(set(term) == {"last_name_key", "first_name_key"} for term, _sql in search)
        ):
            # A name search ("Moussa Traoré") is a few (family, given) key pairs. OR-ed, they
            # made PostgreSQL fetch and sort every namesake (~900 at a million rows, 2.6 ms).
            # Each pair alone is a range of the (keys, created_at, id) index already in order:
            # the newest rows of each pair, merged, are the page, whatever the namesakes.
            branches, union_params = [], []
            for term, condition in search:
                where = " AND ".join([condition, *parts])
                branches.append(
                    f"(SELECT c.id, c.{_column('created_at')} FROM {table} c WHERE {where}"  # noqa: S608
                    f" ORDER BY {order} LIMIT %s)"
                )
                union_params += [*term.values(), *params, offset + limit]
            union = " UNION ".join(branches)
            inner = f"SELECT c.id FROM ({union}) c ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
            sql = f"{_rows_select()} WHERE c.id IN ({inner}) ORDER BY {order}"
            params = union_params
        else:
            if search:
                parts = ["(" + " OR ".join(f"({c})" for _t, c in search) + ")", *parts]
                params = [value for term, _c in search for value in term.values()] + params
            where = f"WHERE {' AND '.join(parts)}" if parts else ""
            if offset:
                # The deferred join of `DeferredJoin`: skip rows on the sort's index, then
                # join 26.
                inner = f"SELECT c.id FROM {table} c {where} ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
                sql = f"{_rows_select()} WHERE c.id IN ({inner}) ORDER BY {order}"
            else:
                sql = f"{_rows_select()} {where} ORDER BY {order} LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = [_ROW(*row) for row in cursor.fetchall()]
        return rows[::-1] if backwards else rows

    def _parts(self) -> tuple[list | None, list[str], list]:
        """The search's alternatives [(term, SQL)] (None without a search), then the other
        filters' conditions and their parameters."""
        f = self.filters
        search = None
        if f.get("q"):
            search = [
                (term, " AND ".join(f"c.{_column(k)} = %s" for k in term))
                for term in search_terms(f["q"])
            ]
        parts, params = [], []
        for name, column in (
            ("profile", "profile"),
            ("region", "region_of_origin"),
            ("status", "status"),
            ("counsellor", "counsellor"),
        ):
            if f.get(name):
                parts.append(f"c.{_column(column)} = %s")
                params.append(f[name])
        if f.get("created_from"):
            parts.append(f"c.{_column('created_at')} >= %s")
            params.append(_local_midnight(f["created_from"]))
        if f.get("created_to"):
            parts.append(f"c.{_column('created_at')} < %s")
            params.append(_local_midnight(f["created_to"] + timedelta(days=1)))
        return search, parts, params


def _column(name: str) -> str:
    return connection.ops.quote_name(Candidate._meta.get_field(name).column)


@cache
def _rows_select() -> str:
    from accounts.models import User
    from cigem.models import Region

    columns = ", ".join(
        f"c.{_column(name if name != 'pk' else 'id')}" for name in ROW_FIELDS if "__" not in name
    )
    return (
        f"SELECT {columns}, r.name, u.full_name FROM {Candidate._meta.db_table} c "  # noqa: S608
        f"LEFT JOIN {Region._meta.db_table} r ON r.id = c.region_of_origin_id "
        f"LEFT JOIN {User._meta.db_table} u ON u.id = c.counsellor_id"
    )


# --- duplicates ------------------------------------------------------------------------------


@dataclass
class DuplicateMatch:
    candidate: Candidate
    score: float
    reasons: list[str]
    alert: bool


BLOCK_LIMIT = 200
LOOSE_LIMIT = 40
YEAR_WINDOW = 3
DUPLICATE_FIELDS = (
    "id",
    "code",
    "last_name",
    "first_name",
    "sex",
    "birth_date",
    "birth_year",
    "phone",
    "nina",
    "passport_number",
    "status",
)


def duplicate_search(
    person: names.Person,
    *,
    threshold: float = names.DEFAULT_THRESHOLD,
    limit: int = 10,
    exclude: int | None = None,
) -> list[DuplicateMatch]:
    """Likely existing records of this person, best first.

    Blocking fetches a few hundred rows at most through indexes (exact identifiers, phonetic
    key pairs within a few years of birth, then one shared key in the same birth year ranked
    by trigram similarity on PostgreSQL); scoring happens in Python.
    Exact identifier matches are returned whatever their score.
    """
    base = Candidate.objects.filter(erased_at__isnull=True, merged_into__isnull=True).only(
        *DUPLICATE_FIELDS
    )
    if exclude:
        base = base.exclude(pk=exclude)
    found: dict[int, Candidate] = {}

    def take(qs, limit_rows):
        for row in qs[:limit_rows]:
            found.setdefault(row.pk, row)

    for field in ("phone", "nina", "passport_number"):
        value = getattr(person, field)
        if value:
            take(base.filter(**{field: value}).order_by(), 50)

    year = person.year
    if person.last_name or person.first_name:
        take(base.filter(_key_block(person)).order_by(), BLOCK_LIMIT)

    matches = _scored(person, found, threshold)
    # The looser block costs more (a shared key in the birth year: hundreds of rows for a
    # common name); it runs only when the keys found nobody likely.
    if year and not any(m.score >= threshold for m in matches):
        before = set(found)
        take(_loose_block(base, person), LOOSE_LIMIT)
        extra = {pk: row for pk, row in found.items() if pk not in before}
        matches += _scored(person, extra, threshold)
    matches.sort(key=lambda m: (-m.score, m.candidate.pk))
    return matches[:limit]


def _key_block(person: names.Person) -> Q:
    """Phonetic key pairs (straight, swapped, any given name), birth year within the window.

    The year sits inside every branch so that each branch is one index range on
    (last_name_key, first_name_key, birth_year): with the year outside the OR, PostgreSQL
    fetched every row of the pair first (26 ms instead of 0.4 ms for Traoré Moussa at 1M).
    """
    year = person.year
    if person.last_name and person.first_name:
        pairs = names.query_key_pairs(person.last_name, person.first_name)
        branches = [{"last_name_key": last, "first_name_key": first} for last, first in pairs]
    else:
        only = names.tokens(person.last_name or person.first_name)
        branches = []
        for key in {names.skeleton(t) for t in only}:
            branches += [{"last_name_key": key}, {"first_name_key": key}]
    condition = Q()
    for branch in branches:
        if year:
            condition |= Q(**branch, birth_year__range=(year - YEAR_WINDOW, year + YEAR_WINDOW))
            condition |= Q(**branch, birth_year__isnull=True)
        else:
            condition |= Q(**branch)
    return condition


def _scored(person: names.Person, rows: dict, threshold: float) -> list[DuplicateMatch]:
    matches = []
    for row in rows.values():
        match = names.score(person, _person_of(row))
        if match.score >= threshold or match.alert:
            matches.append(DuplicateMatch(row, match.score, match.reasons, match.alert))
    return matches


def _loose_block(base: QuerySet, person: names.Person) -> QuerySet:
    """Same birth year and one name key in common, ranked by trigram similarity.

    Catches spellings whose keys differ (Danbele/Dembélé, Bagayogo/Bagayoko) at the cost of
    a few hundred rows read through (first_name_key, birth_year) and (last_name_key,
    birth_year) indexes; a plain trigram search over the whole table reads thousands of rows
    for common names (46 ms at 100,000 candidates, measured) and grows with the table.
    """
    tokens = names.tokens(f"{person.first_name} {person.last_name}")
    skeletons = sorted({names.skeleton(t) for t in tokens} - {""})
    if not skeletons or not person.year:
        return base.none()
    qs = base.filter(
        Q(first_name_key__in=skeletons) | Q(last_name_key__in=skeletons),
        birth_year=person.year,
    )
    if connection.vendor != "postgresql":
        return qs.order_by()
    from django.contrib.postgres.search import TrigramSimilarity

    _l, _f, search = names.name_keys(person.last_name, person.first_name)
    return (
        qs.annotate(similarity=TrigramSimilarity("search_name", search))
        .filter(similarity__gte=LOOSE_SIMILARITY)
        .order_by("-similarity")
    )


LOOSE_SIMILARITY = 0.3


def _person_of(row: Candidate) -> names.Person:
    return names.Person(
        last_name=row.last_name,
        first_name=row.first_name,
        sex=row.sex,
        birth_date=row.birth_date,
        birth_year=row.birth_year,
        phone=row.phone,
        nina=row.nina,
        passport_number=row.passport_number,
    )


# --- record page, timeline, consents ----------------------------------------------------------


def candidate_visits(candidate: Candidate, limit: int = 20) -> list[Visit]:
    visits = list(
        candidate.visits.select_related("counsellor").order_by("-visit_date", "-id")[:limit]
    )
    return with_pathways(visits)


def with_pathways(visits: list[Visit]) -> list[Visit]:
    """Load the linked pathways of these visits, in one query, and only if one has any.

    The slugs stored on the row tell which visits have links: most have none, and their page
    then makes no query for them.
    """
    with_links = [visit for visit in visits if visit.pathways]
    if with_links:
        prefetch_related_objects(with_links, _pathways_prefetch())
    return visits


def _pathways_prefetch() -> Prefetch:
    # Only what a link needs, without the model's ordering (which joins the destinations).
    return Prefetch(
        "legal_pathways",
        queryset=Pathway.objects.only("id", "slug", "title_fr", "title_en", "title_bm").order_by(
            "slug"
        ),
    )


def pathway_links(visit: Visit) -> list[tuple[str, str]]:
    """(title in the reader's language, URL) of each pathway a visit discussed."""
    if not visit.pathways:  # no slug, no link: the related manager alone costs a query
        return []
    return [
        (str(Localized(p).title or p.slug), p.get_absolute_url())
        for p in visit.legal_pathways.all()
    ]


def candidate_referrals(candidate: Candidate, limit: int = 20) -> list[Referral]:
    return list(candidate.referrals.select_related("partner").order_by("-created_at")[:limit])


def candidate_follow_ups(candidate: Candidate, limit: int = 20) -> list[FollowUp]:
    return list(
        candidate.follow_ups.select_related("assigned_to").order_by("done_at", "due_date")[:limit]
    )


# --- the record page: one read ----------------------------------------------------------------

_LABELS: dict[tuple[str, str], dict[str, str]] = {}


def choice_labels(choices_class) -> dict[str, str]:
    """value -> translated label of a TextChoices, built once per language and process.

    `get_FOO_display` rebuilds a hashable copy of the field's choices on every call (Django 5.2):
    50 calls cost a list page several milliseconds.
    """
    key = (choices_class.__qualname__, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = {value: str(label) for value, label in choices_class.choices}
        _LABELS[key] = labels
    return labels


@dataclass
class RecordConsent:
    given: bool
    recorded_at: datetime
    recorded_by: str
    text_version: str


@dataclass
class RecordVisit:
    pk: int
    visit_date: date
    channel: str
    counsellor: str
    notes: str
    next_step: str
    pathways: list
    links: list = dataclass_field(default_factory=list)  # (title, url) of each pathway

    @property
    def channel_label(self) -> str:
        return choice_labels(VisitChannel).get(self.channel, self.channel)


@dataclass
class RecordReferral:
    pk: int
    partner: str
    service: str
    status: str
    outcome: str
    status_form: object = None  # the view adds a form to referrals still open

    @property
    def status_label(self) -> str:
        return choice_labels(ReferralStatus).get(self.status, self.status)


@dataclass
class RecordFollowUp:
    due_date: date
    is_done: bool
    reason: str
    assigned_to: str


@dataclass
class RecordLink:
    other_pk: int
    other_code: str
    decision: str

    @property
    def decision_label(self) -> str:
        return choice_labels(DuplicateDecision).get(self.decision, self.decision)


@dataclass
class RecordPage:
    """What the record page shows: the record and the latest of each kind of history."""

    candidate: Candidate
    consents: list  # (kind, label, RecordConsent | None) for each kind of consent
    visits: list[RecordVisit]
    referrals: list[RecordReferral]
    follow_ups: list[RecordFollowUp]
    links: list[RecordLink]


RECORD_LIMIT = 20


def record_page(user, pk) -> RecordPage:
    """The record page's data, in one statement on PostgreSQL, whatever the record's history.

    Each SQL statement costs a round trip (1–1.4 ms of wall time measured on these machines,
    more than PostgreSQL's work) and, through the ORM, 0.3–0.9 ms of CPU to compile: the page
    made four of them (identity with three `EXISTS`, consents, visits, and referrals,
    follow-ups and links when there were some). One hand-written statement now returns the
    record with each list as a JSON array; the pathway titles of visits that discussed some
    are a second statement, only then. Other databases (SQLite for `make run`) read the same
    through the ORM: `test_record_page_one_read_matches_the_orm` keeps both equal.
    """
    if not user_has_role(user, *CANDIDATE_ROLES):
        raise Http404
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    page = _record_page_sql(pk) if connection.vendor == "postgresql" else _record_page_orm(pk)
    if page is None:
        raise Http404
    _attach_pathway_links(page.visits)
    return page


def _people(alias: str) -> str:
    # How a user shows on the page (`str(user)`): the full name, else the address.
    return f"COALESCE(NULLIF({alias}.full_name, ''), {alias}.email)"


@cache
def _record_statement() -> tuple[str, list]:
    """The SQL of `_record_page_sql` and the converters of the candidate's columns.

    Built once per process from the models' metadata: a field added to the candidate is read
    with the others, and its database converters (JSON fields) applied like the ORM would.
    """
    from accounts.models import User
    from cigem.models import Region

    t = {
        model: model._meta.db_table
        for model in (Candidate, Region, User, CandidateConsent, Visit, Referral, Partner)
    }
    t.update({FollowUp: FollowUp._meta.db_table, DuplicateLink: DuplicateLink._meta.db_table})
    fields = Candidate._meta.concrete_fields
    columns = ", ".join(f'c."{f.column}"' for f in fields)
    converters = []
    for index, f in enumerate(fields):
        col = f.get_col(t[Candidate])
        found = connection.ops.get_db_converters(col) + f.get_db_converters(connection)
        if found:
            converters.append((index, col, found))
    limit = RECORD_LIMIT
    sql = f"""
SELECT {columns}, r.name, {_people("u")},
  (SELECT COALESCE(json_agg(json_build_array(k.kind, k.given, k.recorded_at, k.text_version,
                                             {_people("ku")})), '[]')::text
     FROM (SELECT DISTINCT ON (kind) kind, given, recorded_at, text_version, recorded_by_id
             FROM {t[CandidateConsent]} WHERE candidate_id = c.id
            ORDER BY kind, recorded_at DESC, id DESC) k
     LEFT JOIN {t[User]} ku ON ku.id = k.recorded_by_id),
  (SELECT COALESCE(json_agg(json_build_array(v.id, v.visit_date, v.channel, {_people("vu")},
                                             v.notes, v.next_step, v.pathways)
                            ORDER BY v.visit_date DESC, v.id DESC), '[]')::text
     FROM (SELECT id, visit_date, channel, counsellor_id, notes, next_step, pathways
             FROM {t[Visit]} WHERE candidate_id = c.id
            ORDER BY visit_date DESC, id DESC LIMIT {limit}) v
     LEFT JOIN {t[User]} vu ON vu.id = v.counsellor_id),
  (SELECT COALESCE(json_agg(json_build_array(x.id,
              CASE WHEN p.acronym <> '' THEN p.acronym || ' – ' || p.name ELSE p.name END,
              x.service, x.status, x.outcome) ORDER BY x.created_at DESC, x.id DESC), '[]')::text
     FROM (SELECT id, partner_id, service, status, outcome, created_at
             FROM {t[Referral]} WHERE candidate_id = c.id
            ORDER BY created_at DESC, id DESC LIMIT {limit}) x
     JOIN {t[Partner]} p ON p.id = x.partner_id),
  (SELECT COALESCE(json_agg(json_build_array(f.due_date, f.done_at IS NOT NULL, f.reason,
                                             {_people("fu")})
                            ORDER BY f.done_at, f.due_date, f.id), '[]')::text
     FROM (SELECT due_date, done_at, reason, assigned_to_id, id
             FROM {t[FollowUp]} WHERE candidate_id = c.id
            ORDER BY done_at, due_date, id LIMIT {limit}) f
     LEFT JOIN {t[User]} fu ON fu.id = f.assigned_to_id),
  (SELECT COALESCE(json_agg(json_build_array(o.id, o.code, l.decision) ORDER BY l.id), '[]')::text
     FROM {t[DuplicateLink]} l
     JOIN {t[Candidate]} o
       ON o.id = CASE WHEN l.candidate_id = c.id THEN l.other_id ELSE l.candidate_id END
    WHERE l.candidate_id = c.id OR l.other_id = c.id)
FROM {t[Candidate]} c
LEFT JOIN {t[Region]} r ON r.id = c.region_of_origin_id
LEFT JOIN {t[User]} u ON u.id = c.counsellor_id
WHERE c.id = %s"""  # noqa: S608 - names from the models' metadata, the id a parameter
    return sql, converters


def _record_page_sql(pk: int) -> RecordPage | None:
    import json

    sql, converters = _record_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(Candidate._meta.concrete_fields)
    values = list(row[:n])
    for index, col, found in converters:
        for convert in found:
            values[index] = convert(values[index], col, connection)
    candidate = Candidate.from_db(
        connection.alias, [f.attname for f in Candidate._meta.concrete_fields], values
    )
    region_name, counsellor_name, consents, visits, referrals, follow_ups, links = row[n:]
    _attach_people(candidate, region_name, counsellor_name)
    latest = {
        kind: RecordConsent(given, datetime.fromisoformat(at), by or "", version)
        for kind, given, at, version, by in json.loads(consents)
    }
    return RecordPage(
        candidate=candidate,
        consents=_consent_rows(latest),
        visits=[
            RecordVisit(pk, date.fromisoformat(day), channel, who or "", notes, step, slugs or [])
            for pk, day, channel, who, notes, step, slugs in json.loads(visits)
        ],
        referrals=[RecordReferral(*r) for r in json.loads(referrals)],
        follow_ups=[
            RecordFollowUp(date.fromisoformat(due), done, reason, who or "")
            for due, done, reason, who in json.loads(follow_ups)
        ],
        links=[RecordLink(*link) for link in json.loads(links)],
    )


def _attach_people(candidate: Candidate, region_name, counsellor_name) -> None:
    """Attach the region and counsellor the page names, without reading their rows."""
    from accounts.models import User
    from cigem.models import Region

    if candidate.region_of_origin_id:
        candidate.region_of_origin = Region(id=candidate.region_of_origin_id, name=region_name)
    if candidate.counsellor_id:
        # `str(user)` is the full name or the address: the SQL gave that already.
        candidate.counsellor = User(
            id=candidate.counsellor_id, full_name=counsellor_name, email=counsellor_name
        )


def _consent_rows(latest: dict) -> list:
    labels = choice_labels(ConsentKind)
    return [(kind, labels[kind], latest.get(kind)) for kind in ConsentKind.values]


def _record_page_orm(pk: int) -> RecordPage | None:
    """The same read through the ORM, a statement per list (databases other than PostgreSQL)."""
    candidate = (
        Candidate.objects.select_related("region_of_origin", "counsellor").filter(pk=pk).first()
    )
    if candidate is None:
        return None
    latest = {}
    consents = CandidateConsent.objects.filter(candidate=candidate).select_related("recorded_by")
    for row in consents.order_by("kind", "-recorded_at", "-id"):
        if row.kind not in latest:
            latest[row.kind] = RecordConsent(
                row.given, row.recorded_at, str(row.recorded_by or ""), row.text_version
            )
    visits = candidate.visits.select_related("counsellor").order_by("-visit_date", "-id")
    referrals = candidate.referrals.select_related("partner").order_by("-created_at", "-id")
    follow_ups = candidate.follow_ups.select_related("assigned_to")
    links = DuplicateLink.objects.filter(Q(candidate=candidate) | Q(other=candidate))
    return RecordPage(
        candidate=candidate,
        consents=_consent_rows(latest),
        visits=[
            RecordVisit(
                v.pk,
                v.visit_date,
                v.channel,
                str(v.counsellor or ""),
                v.notes,
                v.next_step,
                v.pathways or [],
            )
            for v in visits[:RECORD_LIMIT]
        ],
        referrals=[
            RecordReferral(r.pk, str(r.partner), r.service, r.status, r.outcome)
            for r in referrals[:RECORD_LIMIT]
        ],
        follow_ups=[
            RecordFollowUp(f.due_date, f.is_done, f.reason, str(f.assigned_to or ""))
            for f in follow_ups.order_by("done_at", "due_date", "id")[:RECORD_LIMIT]
        ],
        links=[
            RecordLink(
                *(
                    (link.other_id, link.other.code)
                    if link.candidate_id == pk
                    else (link.candidate_id, link.candidate.code)
                ),
                link.decision,
            )
            for link in links.select_related("candidate", "other").order_by("id")
        ],
    )


def _attach_pathway_links(visits: list[RecordVisit]) -> None:
    """(title, URL) of the pathways each visit discussed: one statement, only if any did."""
    ids = [visit.pk for visit in visits if visit.pathways]
    if not ids:
        return
    through = Visit.legal_pathways.through
    rows = (
        through.objects.filter(visit_id__in=ids)
        .select_related("pathway")
        .only("visit_id", *(f"pathway__{name}" for name in _PATHWAY_FIELDS))
        .order_by("pathway__slug")
    )
    links: dict[int, list] = {}
    for row in rows:
        p = row.pathway
        links.setdefault(row.visit_id, []).append(
            (str(Localized(p).title or p.slug), p.get_absolute_url())
        )
    for visit in visits:
        visit.links = links.get(visit.pk, [])


_PATHWAY_FIELDS = ("id", "slug", "title_fr", "title_en", "title_bm")


@dataclass
class TimelineEntry:
    """One line of a record's timeline, whatever produced it.

    `when` is a date or an aware datetime; `url` links the entry to its own page; `links` are
    (text, url) pairs shown under it (the legal pathways a visit discussed). Sources registered
    in TIMELINE_SOURCES fill the same fields, and the template shows them all alike.
    """

    when: object
    kind: str
    label: str
    detail: str
    obj: object
    url: str = ""
    links: list = dataclass_field(default_factory=list)


def _timeline_key(entry: TimelineEntry):
    # Dates and datetimes from different sources must sort together: a date counts as the
    # start of its day, in the centre's time zone.
    when = entry.when
    if isinstance(when, datetime):
        moment = when if timezone.is_aware(when) else timezone.make_aware(when)
    elif isinstance(when, date):
        moment = _local_midnight(when)
    else:
        moment = _local_midnight(date.min + timedelta(days=1))
    return (moment, entry.kind)


def candidate_timeline(candidate: Candidate) -> list[TimelineEntry]:
    """Every visit, referral, follow-up and consent of a record, newest first.

    Applications (issue 4, another app module) join this list through `TIMELINE_SOURCES`.
    """
    entries: list[TimelineEntry] = []
    tz = timezone.get_current_timezone()
    channels = dict(VisitChannel.choices)
    for visit in with_pathways(list(candidate.visits.select_related("counsellor"))):
        entries.append(
            TimelineEntry(
                visit.visit_date,
                "visit",
                " · ".join(
                    [
                        pgettext("timeline entry", "Visit"),
                        str(channels.get(visit.channel, visit.channel)),
                    ]
                ),
                visit.notes,
                visit,
                links=pathway_links(visit),
            )
        )
    for referral in candidate.referrals.select_related("partner"):
        entries.append(
            TimelineEntry(
                referral.created_at.astimezone(tz).date(),
                "referral",
                " · ".join(
                    [gettext("Referral"), str(referral.partner), str(referral.get_status_display())]
                ),
                referral.service,
                referral,
            )
        )
    for follow_up in candidate.follow_ups.all():
        entries.append(
            TimelineEntry(
                follow_up.due_date,
                "follow_up",
                " · ".join(
                    [
                        gettext("Follow-up"),
                        gettext("done") if follow_up.is_done else gettext("to do"),
                    ]
                ),
                follow_up.reason,
                follow_up,
            )
        )
    for consent in candidate.consents.all():
        entries.append(
            TimelineEntry(
                consent.recorded_at.astimezone(tz).date(),
                "consent",
                " · ".join([gettext("Consent"), str(consent.get_kind_display())]),
                gettext("given") if consent.given else gettext("withdrawn"),
                consent,
            )
        )
    for source in TIMELINE_SOURCES:
        entries.extend(source(candidate))
    entries.sort(key=_timeline_key, reverse=True)
    return entries


# Other modules append callables candidate -> [TimelineEntry] (applications, issue 4).
TIMELINE_SOURCES: list = []


def candidate_access_log(candidate: Candidate) -> QuerySet:
    return (
        AuditEvent.objects.filter(object_type="reception.candidate", object_id=str(candidate.pk))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


# --- counsellor's day ------------------------------------------------------------------------


def follow_ups_open_for(user) -> QuerySet:
    """A counsellor's open follow-ups, overdue first (the oldest due date comes first)."""
    return (
        FollowUp.objects.filter(assigned_to=user, done_at__isnull=True)
        .select_related("candidate")
        .order_by("due_date", "id")
    )


def visits_on(user, day: date) -> QuerySet:
    return (
        Visit.objects.filter(counsellor=user, visit_date=day)
        .select_related("candidate")
        .order_by("-id")
    )


def appointment_queue() -> QuerySet:
    return AppointmentRequest.objects.filter(status=AppointmentStatus.NEW).order_by(
        "preferred_date", "id"
    )


def partner_list(*, q: str = "", kind: str = "", active_only: bool = True) -> QuerySet:
    qs = Partner.objects.select_related("region")
    if active_only:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(services__icontains=q))
    return qs.order_by("name")


def open_candidates_count_for(user) -> int:
    return Candidate.objects.filter(counsellor=user, status=CandidateStatus.OPEN).count()
