"""Reads of circular migration: offers, applications, matching, alerts and indicators.

Matching a million candidates stays bounded: PostgreSQL keeps only the candidates whose folded
occupation or skills contain one of the offer's keywords (trigram index created by migration
0003), who are open, of the right age and not committed elsewhere; it scores them with plain
CASE expressions and returns the best few hundred. Python only words the reasons of that
bounded set.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection, transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from reception.models import Candidate, CandidateStatus
from reception.placements_models import (
    ACTIVE_PLACEMENT_STATES,
    PENDING_STATES,
    PLACEMENT_STATES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Country,
    Debrief,
    Employer,
    ExpressionOfInterest,
    JobOffer,
    OfferStatus,
    Programme,
)

MATCH_LIMIT = 50
MATCH_MAX = 200
MATCH_POOL = 1000
MATCH_POOL_RETURNED = 500
MIN_KEYWORD = 4
MAX_KEYWORDS = 12

# Weights of the fit score; they add up to 100 for a candidate who ticks every box.
W_OCCUPATION = 35
W_SKILLS = 15
W_LANGUAGES = 15
W_REGION = 10
W_AGE = 10
W_EXPERIENCE = 10
W_SAME_SECTOR = 5
P_PENDING_ELSEWHERE = 10
P_NOT_RETURNED = 30


def fold(text: str) -> str:
    """Lower case without accents, as the database function placements_fold does."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def keywords_of(offer: JobOffer) -> list[str]:
    raw = offer.match_keywords or offer.occupation
    words = []
    for chunk in raw.replace(";", ",").split(","):
        for word in chunk.split() if not offer.match_keywords else [chunk]:
            # Letters, digits and spaces only: the keywords are joined into one regex.
            word = re.sub(r"[^a-z0-9 ]", "", fold(word)).strip()
            if len(word) >= MIN_KEYWORD and word not in words:
                words.append(word)
    return words[:MAX_KEYWORDS]


class Folded(Func):
    """placements_fold(a || ' ' || b): folded text, matched by the trigram index on PostgreSQL."""

    template = "placements_fold(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="lower(%(expressions)s)", **extra)


def _any_keyword(expression_name: str, keywords: list[str]) -> Q:
    # One regex rather than OR-ed LIKEs: the folding function runs once per row, and the
    # trigram index answers regexes as well as LIKE.
    return Q(**{f"{expression_name}__regex": "|".join(keywords)})


def _has_language(code: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(languages__contains=[code])
    return Q(languages__icontains=f'"{code}"')


def _birth_year_bounds(offer: JobOffer) -> tuple[int | None, int | None]:
    """Birth years that give the offer's age range at the start of work (to the year)."""
    year = offer.period_start.year
    oldest = year - offer.age_max if offer.age_max is not None else None
    youngest = year - offer.age_min if offer.age_min is not None else None
    return oldest, youngest


def _candidates_in(states, *, exclude_offer=None, same_sector=None) -> QuerySet:
    rows = Application.objects.filter(status__in=states)
    if exclude_offer is not None:
        rows = rows.exclude(offer=exclude_offer)
    if same_sector is not None:
        rows = rows.filter(offer__sector=same_sector)
    return rows.values("candidate_id")


@dataclass
class Match:
    candidate: Candidate
    score: int
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def match_candidates_for_offer(offer: JobOffer, *, limit: int = MATCH_LIMIT) -> list[Match]:
    """Candidates ranked by fit for `offer`, with the reasons. Three queries at any table size.

    The pool scored is bounded: the MATCH_POOL most recently updated candidates who pass the
    filters, plus up to MATCH_POOL_RETURNED of those who already went abroad and came back
    (the best fits, whatever the age of their record). Within the pool the ranking is exact.
    """
    keywords = keywords_of(offer)
    if not keywords:
        return []
    limit = max(1, min(limit, MATCH_MAX))
    region_ids = [region.pk for region in offer.regions.all()]
    languages = list(offer.languages or [])
    oldest, youngest = _birth_year_bounds(offer)

    # The pool query keeps to conditions PostgreSQL can estimate from its statistics
    # (columns, and the indexed folded text), so that it walks the index on updated_at and
    # stops after MATCH_POOL rows when many candidates match, and uses the trigram index when
    # few do. Exclusions (placed elsewhere, already applying) come in the scoring query.
    queryset = (
        Candidate.objects.filter(
            status=CandidateStatus.OPEN, erased_at__isnull=True, merged_into__isnull=True
        )
        .alias(profile_text=Folded(F("occupation"), F("skills")))
        .filter(_any_keyword("profile_text", keywords))
    )
    # A candidate whose age is not recorded stays in the list, with a warning.
    if oldest is not None:
        queryset = queryset.filter(Q(birth_year__isnull=True) | Q(birth_year__gte=oldest))
    if youngest is not None:
        queryset = queryset.filter(Q(birth_year__isnull=True) | Q(birth_year__lte=youngest))
    age_known = Q(born__isnull=False)
    if oldest is not None:
        age_known &= Q(born__gte=oldest)
    if youngest is not None:
        age_known &= Q(born__lte=youngest)
    # Again with the year of birth_date for records that only have that.
    age_possible = Q(born__isnull=True) | age_known

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Plans over a million rows cross the JIT threshold, and compiling costs more
            # (about a second) than running them: compile nothing in this transaction.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        recent = queryset.order_by("-updated_at", "-id").values_list("id", flat=True)
        pool = list(recent[:MATCH_POOL])
        returned = recent.filter(pk__in=_candidates_in([ApplicationStatus.RETURNED]))
        pool += list(returned[:MATCH_POOL_RETURNED])
        scored = (
            _scored(offer, pool, keywords, languages, region_ids, age_known)
            .filter(age_possible)
            .exclude(pk__in=_candidates_in(ACTIVE_PLACEMENT_STATES))
            .exclude(pk__in=Application.objects.filter(offer=offer).values("candidate_id"))
        )
        candidates = list(scored.order_by("-score", "-updated_at", "-id")[:limit])
    return [_explain(candidate, offer, keywords, languages) for candidate in candidates]


def _scored(offer, pool, keywords, languages, region_ids, age_known) -> QuerySet:
    """The pool with each part of the score as a column, best first."""

    def flag(condition: Q, weight: int = 1):
        return Case(
            When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField()
        )

    per_language = W_LANGUAGES // len(languages) if languages else 0
    components = {
        "occ_hit": flag(
            _any_keyword("occupation_text", keywords),
        ),
        "skill_hit": flag(_any_keyword("skills_text", keywords)),
        "lang_hits": reduce(
            lambda a, b: a + b, [flag(_has_language(code)) for code in languages], Value(0)
        ),
        "region_hit": flag(Q(region_of_origin_id__in=region_ids)) if region_ids else Value(0),
        "age_ok": flag(age_known),
        "experienced": flag(Q(pk__in=_candidates_in([ApplicationStatus.RETURNED]))),
        "same_sector": flag(
            Q(pk__in=_candidates_in([ApplicationStatus.RETURNED], same_sector=offer.sector))
        ),
        "pending_elsewhere": flag(Q(pk__in=_candidates_in(PENDING_STATES, exclude_offer=offer))),
        "not_returned": flag(Q(pk__in=_candidates_in([ApplicationStatus.NOT_RETURNED]))),
    }
    queryset = (
        Candidate.objects.filter(pk__in=pool)
        .alias(
            occupation_text=Folded(F("occupation")),
            skills_text=Folded(F("skills")),
            born=Coalesce(F("birth_year"), ExtractYear("birth_date")),
        )
        .annotate(**components)
        .annotate(
            score=F("occ_hit") * W_OCCUPATION
            + F("skill_hit") * W_SKILLS
            + F("lang_hits") * per_language
            + F("region_hit") * W_REGION
            + F("age_ok") * W_AGE
            + F("experienced") * W_EXPERIENCE
            + F("same_sector") * W_SAME_SECTOR
            - F("pending_elsewhere") * P_PENDING_ELSEWHERE
            - F("not_returned") * P_NOT_RETURNED
        )
        .select_related("region_of_origin")
        .only(
            "id",
            "code",
            "first_name",
            "last_name",
            "sex",
            "birth_date",
            "birth_year",
            "occupation",
            "languages",
            "region_of_origin__name",
            "updated_at",
        )
    )
    return queryset


def _explain(candidate, offer, keywords, languages) -> Match:
    match = Match(candidate=candidate, score=candidate.score)
    if candidate.occ_hit:
        match.reasons.append(
            _("Occupation “%(occupation)s” fits") % {"occupation": candidate.occupation}
        )
    if candidate.skill_hit:
        match.reasons.append(_("Skills fit the offer"))
    spoken = [code for code in languages if code in (candidate.languages or [])]
    if spoken:
        from cigem.reference import SpokenLanguage

        names = ", ".join(str(SpokenLanguage(code).label) for code in spoken)
        match.reasons.append(_("Speaks %(languages)s") % {"languages": names})
    missing = [code for code in languages if code not in spoken]
    if missing and languages:
        match.warnings.append(_("Does not speak every language wanted"))
    if candidate.region_hit:
        match.reasons.append(
            _("From %(region)s, a priority region") % {"region": candidate.region_of_origin}
        )
    if candidate.age_ok:
        match.reasons.append(_("Age within the range"))
    elif offer.age_min is not None or offer.age_max is not None:
        match.warnings.append(_("Age not recorded"))
    if candidate.same_sector:
        match.reasons.append(_("Already worked abroad in this sector and came back"))
    elif candidate.experienced:
        match.reasons.append(_("Already worked abroad and came back"))
    if candidate.pending_elsewhere:
        match.warnings.append(_("Also applying to another offer"))
    if candidate.not_returned:
        match.warnings.append(_("Did not return from a previous placement"))
    match.reasons.append(_("No open placement elsewhere"))
    return match


# --- Offers -----------------------------------------------------------------------------------


def offer_list(
    *,
    status: str = "",
    country: str = "",
    sector: str = "",
    search: str = "",
    public_only: bool = False,
    month: datetime.date | None = None,
) -> QuerySet:
    rows = JobOffer.objects.select_related("employer", "programme")
    if public_only:
        rows = rows.filter(status=OfferStatus.OPEN, is_public=True)
    elif status:
        rows = rows.filter(status=status)
    if country:
        rows = rows.filter(country=country)
    if sector:
        rows = rows.filter(sector=sector)
    if search:
        rows = rows.filter(
            Q(title__icontains=search)
            | Q(employer__name__icontains=search)
            | Q(city__icontains=search)
            | Q(occupation__icontains=search)
        )
    if month is not None:
        # Offers whose period of work overlaps the chosen month.
        next_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        rows = rows.filter(period_start__lt=next_month).filter(
            Q(period_end__isnull=True) | Q(period_end__gte=month)
        )
    return rows.order_by("application_deadline", "id")


def public_offer_list(**filters) -> QuerySet:
    return offer_list(public_only=True, **filters)


def offer_placement_counts(offer: JobOffer) -> dict[str, int]:
    counts = dict(
        offer.applications.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    counts["placed"] = sum(counts.get(state, 0) for state in PLACEMENT_STATES)
    return counts


def offer_applications(offer: JobOffer) -> QuerySet:
    return (
        offer.applications.select_related("candidate", "candidate__region_of_origin")
        .only(
            "id",
            "status",
            "status_changed_at",
            "departure_date",
            "expected_return_date",
            "return_date",
            "offer_id",
            "candidate__id",
            "candidate__code",
            "candidate__first_name",
            "candidate__last_name",
            "candidate__occupation",
            "candidate__region_of_origin__name",
        )
        .order_by("status", "-status_changed_at")
    )


def open_offers_for_candidate(candidate: Candidate, *, limit: int = 10) -> list[dict]:
    """Open offers that fit the candidate, best first: two queries (offers are few)."""
    applied = set(candidate.applications.values_list("offer_id", flat=True))
    offers = (
        JobOffer.objects.filter(status=OfferStatus.OPEN)
        .exclude(pk__in=applied)
        .select_related("employer")
        .prefetch_related("regions")
    )
    text = fold(f"{candidate.occupation} {candidate.skills}")
    born = candidate.birth_year or (candidate.birth_date.year if candidate.birth_date else None)
    fits = []
    for offer in offers:
        words = [word for word in keywords_of(offer) if word in text]
        if not words:
            continue
        oldest, youngest = _birth_year_bounds(offer)
        if born is not None and (
            (oldest is not None and born < oldest) or (youngest is not None and born > youngest)
        ):
            continue
        score = W_OCCUPATION
        reasons = [_("Occupation or skills fit")]
        spoken = [code for code in offer.languages or [] if code in (candidate.languages or [])]
        if spoken:
            score += W_LANGUAGES * len(spoken) // len(offer.languages)
            reasons.append(_("Speaks a language wanted"))
        if candidate.region_of_origin_id in {region.pk for region in offer.regions.all()}:
            score += W_REGION
            reasons.append(_("From a priority region"))
        fits.append({"offer": offer, "score": score, "reasons": reasons})
    fits.sort(key=lambda fit: (-fit["score"], fit["offer"].application_deadline))
    return fits[:limit]


# --- Applications -----------------------------------------------------------------------------


def application_list(
    *, status: str = "", offer_id: int | None = None, search: str = ""
) -> QuerySet:
    rows = Application.objects.select_related("offer", "candidate", "offer__employer")
    if status:
        rows = rows.filter(status=status)
    if offer_id:
        rows = rows.filter(offer_id=offer_id)
    if search:
        rows = rows.filter(
            Q(candidate__code__iexact=search)
            | Q(candidate__last_name__icontains=search)
            | Q(offer__title__icontains=search)
        )
    return rows.order_by("-status_changed_at", "-id")


def application_detail(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "offer", "offer__employer", "candidate", "status_changed_by", "created_by"
        )
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor"))
        )
        .get(pk=pk)
    )


def candidate_applications(candidate: Candidate) -> QuerySet:
    return candidate.applications.select_related("offer", "offer__employer").order_by("-created_at")


# --- Alerts -----------------------------------------------------------------------------------


def alerts(*, today: datetime.date | None = None, limit: int = 100) -> dict:
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    month_end = (month_start + datetime.timedelta(days=32)).replace(day=1)
    base = Application.objects.select_related("offer", "candidate")
    return {
        "overdue": list(
            base.filter(status=ApplicationStatus.DEPARTED, expected_return_date__lt=today).order_by(
                "expected_return_date", "id"
            )[:limit]
        ),
        "contracts_ending": list(
            base.filter(
                status=ApplicationStatus.DEPARTED,
                contract_end__gte=month_start,
                contract_end__lt=month_end,
            ).order_by("contract_end", "id")[:limit]
        ),
        "closing_soon": list(
            JobOffer.objects.select_related("employer")
            .filter(
                status=OfferStatus.OPEN,
                application_deadline__gte=today,
                application_deadline__lte=today + datetime.timedelta(days=CLOSING_SOON_DAYS),
            )
            .order_by("application_deadline", "id")[:limit]
        ),
    }


CLOSING_SOON_DAYS = 7


# --- Indicators -------------------------------------------------------------------------------


def indicators() -> dict:
    """Figures of the indicators page, in a fixed number of aggregate queries."""
    placed = Application.objects.filter(
        status__in=[
            ApplicationStatus.DEPARTED,
            ApplicationStatus.RETURNED,
            ApplicationStatus.NOT_RETURNED,
        ]
    )
    per_offer = list(
        JobOffer.objects.annotate(
            placed=Count("applications", filter=Q(applications__status__in=PLACEMENT_STATES)),
            departed=Count(
                "applications",
                filter=Q(applications__departure_date__isnull=False),
            ),
        )
        .filter(placed__gt=0)
        .values("id", "title", "country", "positions", "placed", "departed")
        .order_by("-departed", "title")[:50]
    )
    per_country_year = list(
        placed.annotate(year=ExtractYear("departure_date"))
        .values("offer__country", "year")
        .annotate(n=Count("id"))
        .order_by("-year", "offer__country")
    )
    ended = placed.filter(status__in=[ApplicationStatus.RETURNED, ApplicationStatus.NOT_RETURNED])
    returns = ended.aggregate(
        ended=Count("id"),
        returned=Count("id", filter=Q(status=ApplicationStatus.RETURNED)),
        on_time=Count(
            "id",
            filter=Q(status=ApplicationStatus.RETURNED, return_date__lte=F("expected_return_date")),
        ),
        average_stay=Avg(
            ExpressionWrapper(F("return_date") - F("departure_date"), output_field=DurationField()),
            filter=Q(status=ApplicationStatus.RETURNED),
        ),
    )
    # A repeat participant was placed (selected or beyond) on at least two offers.
    repeat = (
        Application.objects.filter(status__in=PLACEMENT_STATES)
        .values("candidate_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .count()
    )
    participants = placed.values("candidate_id").distinct().count()
    debriefs = Debrief.objects.aggregate(
        total=Count("id"),
        paid_yes=Count("id", filter=Q(paid_as_promised="yes")),
        paid_partly=Count("id", filter=Q(paid_as_promised="partly")),
        paid_no=Count("id", filter=Q(paid_as_promised="no")),
        cond_good=Count("id", filter=Q(conditions="good")),
        cond_acceptable=Count("id", filter=Q(conditions="acceptable")),
        cond_poor=Count("id", filter=Q(conditions="poor")),
        again_yes=Count("id", filter=Q(wants_to_go_again=True)),
        again_no=Count("id", filter=Q(wants_to_go_again=False)),
    )
    for row in per_country_year:
        row["country_name"] = Country(row["offer__country"]).label
    stay = returns["average_stay"]
    return {
        "per_offer": per_offer,
        "per_country_year": per_country_year,
        "ended": returns["ended"],
        "returned": returns["returned"],
        "on_time": returns["on_time"],
        "on_time_rate": _percent(returns["on_time"], returns["ended"]),
        "return_rate": _percent(returns["returned"], returns["ended"]),
        "average_stay_days": round(stay.total_seconds() / 86400) if stay is not None else None,
        "participants": participants,
        "repeat_participants": repeat,
        "debriefs": debriefs,
        "debrief_paid_rate": _percent(debriefs["paid_yes"], debriefs["total"]),
    }


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Records ----------------------------------------------------------------------------------


def employer_list(*, search: str = "") -> QuerySet:
    rows = Employer.objects.annotate(offer_count=Count("offers"))
    if search:
        rows = rows.filter(name__icontains=search)
    return rows.order_by("name")


def programme_list(*, search: str = "") -> QuerySet:
    rows = Programme.objects.select_related("partner").annotate(offer_count=Count("offers"))
    if search:
        rows = rows.filter(name__icontains=search)
    return rows.order_by("name")


def interest_list(*, status: str = "") -> QuerySet:
    rows = ExpressionOfInterest.objects.select_related("offer", "region", "handled_by")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")
