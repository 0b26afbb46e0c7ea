"""Reads of the reception app shared by pages, API and benchmark: lists, duplicates, timeline."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from accounts.roles import COUNSELLOR, MANAGER
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
    DuplicateLink,
    FollowUp,
    Partner,
    Referral,
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


def candidate_for_record_page(user, pk: int) -> Candidate:
    """`candidate_for`, plus whether the record has referrals, follow-ups and duplicate links.

    Each is one `EXISTS` inside the record's own query: a section that is empty (most records
    have no duplicate link, many no referral) then costs no round trip of its own, and each
    round trip is 1–1.4 ms of wall time on these machines, more than PostgreSQL's work.
    """
    if not user_has_role(user, *CANDIDATE_ROLES):
        raise Http404
    links = DuplicateLink.objects.filter(Q(candidate=OuterRef("pk")) | Q(other=OuterRef("pk")))
    try:
        return (
            Candidate.objects.select_related("region_of_origin", "counsellor")
            .annotate(
                has_referrals=Exists(Referral.objects.filter(candidate=OuterRef("pk"))),
                has_follow_ups=Exists(FollowUp.objects.filter(candidate=OuterRef("pk"))),
                has_links=Exists(links),
            )
            .get(pk=pk)
        )
    except (Candidate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- candidate list --------------------------------------------------------------------------

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
    "erased_at",
    "region_of_origin__name",
    "counsellor__full_name",
)


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
    from reception.services import identifier_normalise, phone_normalise

    q = q.strip()
    if q.upper().startswith("CIG-"):
        return Q(code=q.upper())
    digits = "".join(ch for ch in q if ch.isdigit())
    if digits and len(digits) >= 8 and len(digits) >= len(q.replace(" ", "")) - 1:
        try:
            return Q(phone=phone_normalise(q)) | Q(nina=identifier_normalise(q))
        except ValidationError:  # not a phone: maybe an ID
            return Q(nina=identifier_normalise(q)) | Q(passport_number=identifier_normalise(q))
    words = names.tokens(q)
    if not words:
        return Q(pk__in=[])
    if len(words) == 1:
        key = names.skeleton(words[0])
        ident = identifier_normalise(q)
        return Q(last_name_key=key) | Q(first_name_key=key) | Q(passport_number=ident)
    condition = Q()
    for last, first in names.query_key_pairs(words[-1], " ".join(words[:-1])):
        condition |= Q(last_name_key=last, first_name_key=first)
    return condition


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


def duplicate_links_of(candidate: Candidate) -> list[DuplicateLink]:
    # The record page shows the other record's code only: two full candidate rows and the
    # deciding user per link made this the most expensive query of the page to compile.
    links = (
        DuplicateLink.objects.filter(Q(candidate=candidate) | Q(other=candidate))
        .select_related("candidate", "other")
        .only("id", "decision", "candidate__id", "candidate__code", "other__id", "other__code")
    )
    return list(links)


# --- record page, timeline, consents ----------------------------------------------------------


def consents_current(candidate: Candidate) -> list[tuple[str, str, CandidateConsent | None]]:
    """(kind, label, latest row or None) for each kind of consent, in one query."""
    latest: dict[str, CandidateConsent | None] = dict.fromkeys(ConsentKind.values)
    rows = CandidateConsent.objects.filter(candidate=candidate).select_related("recorded_by")
    for row in rows.order_by("kind", "-recorded_at", "-id"):
        if latest[row.kind] is None:
            latest[row.kind] = row
    return [(kind, str(ConsentKind(kind).label), latest[kind]) for kind in ConsentKind.values]


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
