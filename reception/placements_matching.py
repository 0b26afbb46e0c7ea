"""Matching candidates to job offers, and open offers to a candidate.

Matching a million candidates stays bounded: PostgreSQL keeps a pool of candidates whose
occupation or skills contain one of the offer's keywords, whatever the accents (trigram index
created by migration 0009), who are open and of the right age; it scores that pool with plain
CASE expressions and returns the best few. Python only words the reasons of those rows.
See docs/apps/circular.md.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Least
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reception.models import Candidate, CandidateStatus
from reception.placements_models import (
    ACTIVE_PLACEMENT_STATES,
    PENDING_STATES,
    Application,
    ApplicationStatus,
    JobOffer,
    OfferStatus,
)

MATCH_LIMIT = 50
MATCH_MAX = 200
MATCH_POOL = 1000
MATCH_POOL_RETURNED = 500
MIN_KEYWORD = 4
MAX_KEYWORDS = 12

# Weights of the fit score; they add up to 100 for a candidate who ticks every box.
W_OCCUPATION = 30
W_SKILLS = 15
W_LANGUAGES = 15
W_REGION = 10
W_AGE = 10
W_EXPERIENCE = 10
W_RETURNED = 5
W_SAME_SECTOR = 5
# Without a requirement, experience still ranks: the points grow with it up to five years.
EXPERIENCE_FULL_MONTHS = 60
DAYS_PER_MONTH = 30
P_PENDING_ELSEWHERE = 10
P_NOT_RETURNED = 30


def fold(text: str) -> str:
    """Lower case without accents (keywords, and the candidate's text on the Python side)."""
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


class ProfileText(Func):
    """a || ' ' || b: the text the trigram index `candidate_profile_text_trgm` covers."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()


# Accented forms of each unaccented letter in French spelling, in both cases (PostgreSQL's ~*
# folds ASCII case for certain, accented letters only as the locale says). Keywords are folded
# (no accents), and the regex matched against the stored text accepts every accented spelling
# of each letter. Matching the raw text rather than an unaccented copy saves an unaccent() call
# per candidate read, the largest part of the matching cost on a million rows.
ACCENTED = {
    "a": "aàâÀÂ",
    "c": "cçÇ",
    "e": "eéèêëÉÈÊË",
    "i": "iîïÎÏ",
    "o": "oôÔ",
    "u": "uùûüÙÛÜ",
}


def keyword_pattern(keywords: list[str]) -> str:
    """One case-insensitive regex matching any keyword, whatever the accents written."""
    return "|".join(
        "".join(f"[{ACCENTED[c]}]" if c in ACCENTED else c for c in word) for word in keywords
    )


class DaysBetween(Func):
    """later - earlier, in whole days (PostgreSQL subtracts dates to an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _months_abroad() -> Subquery:
    """Months spent abroad on placements the candidate came back from (correlated, per row)."""
    days = (
        Application.objects.filter(
            candidate=OuterRef("pk"),
            status=ApplicationStatus.RETURNED,
            departure_date__isnull=False,
            return_date__isnull=False,
        )
        .order_by()
        .values("candidate_id")
        .annotate(days=Sum(DaysBetween(F("return_date"), F("departure_date"))))
        .values("days")
    )
    return Subquery(days, output_field=IntegerField())


# Bits of a candidate's application history, read in one correlated lookup per pooled row (the
# `application_candidate` index): the cost follows the pool, not the number of applications.
H_RETURNED = 1
H_RETURNED_SAME_SECTOR = 2
H_PENDING_ELSEWHERE = 4
H_NOT_RETURNED = 8
H_COMMITTED = 16  # selected to departed, on any offer
H_THIS_OFFER = 32


def _history(offer: JobOffer) -> Coalesce:
    def bit(condition: Q, value: int):
        return Max(
            Case(When(condition, then=Value(value)), default=Value(0), output_field=IntegerField())
        )

    returned = Q(status=ApplicationStatus.RETURNED)
    bits = (
        bit(returned, H_RETURNED)
        + bit(returned & Q(offer__sector=offer.sector), H_RETURNED_SAME_SECTOR)
        + bit(Q(status__in=PENDING_STATES) & ~Q(offer_id=offer.pk), H_PENDING_ELSEWHERE)
        + bit(Q(status=ApplicationStatus.NOT_RETURNED), H_NOT_RETURNED)
        + bit(Q(status__in=ACTIVE_PLACEMENT_STATES), H_COMMITTED)
        + bit(Q(offer_id=offer.pk), H_THIS_OFFER)
    )
    rows = (
        Application.objects.filter(candidate=OuterRef("pk"))
        .order_by()
        .values("candidate_id")
        .annotate(bits=bits)
        .values("bits")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _has_bit(value: int):
    return F("history").bitand(value) / Value(value)


def _any_keyword(expression_name: str, keywords: list[str]) -> Q:
    # One regex rather than OR-ed LIKEs: read once per row, and the trigram index answers
    # case-insensitive regexes (with bracketed letter classes) as well as LIKE.
    return Q(**{f"{expression_name}__iregex": keyword_pattern(keywords)})


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
        .alias(profile_text=ProfileText(F("occupation"), F("skills")))
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
            # Random reads cost little more than sequential ones here (SSD, hot pages): at the
            # default cost of 4 the planner reads every matching candidate through the trigram
            # index to find the few who came back (0.47 s for masons on a million), instead of
            # starting from the returned applications (0.06 s).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off; SET LOCAL random_page_cost = 1.1")
        recent = queryset.order_by("-updated_at", "-id").values_list("id", flat=True)
        pool = list(recent[:MATCH_POOL])
        returned = recent.filter(pk__in=_candidates_in([ApplicationStatus.RETURNED]))
        pool += list(returned[:MATCH_POOL_RETURNED])
        scored = (
            _scored(offer, pool, keywords, languages, region_ids, age_known)
            .filter(age_possible)
            # Not committed to an offer, not already applying to this one.
            .filter(blocked=0)
        )
        candidates = list(scored.order_by("-score", "-experience", "-updated_at", "-id")[:limit])
    return [_explain(candidate, offer, keywords, languages) for candidate in candidates]


def _scored(offer, pool, keywords, languages, region_ids, age_known) -> QuerySet:
    """The pool with each part of the score as a column, best first."""

    def flag(condition: Q, weight: int = 1):
        return Case(
            When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField()
        )

    per_language = W_LANGUAGES // len(languages) if languages else 0
    required = offer.experience_months or 0
    if required:
        experience_points = flag(Q(experience__gte=required), W_EXPERIENCE)
    else:
        experience_points = (
            Least(F("experience"), Value(EXPERIENCE_FULL_MONTHS))
            * Value(W_EXPERIENCE)
            / Value(EXPERIENCE_FULL_MONTHS)
        )
    components = {
        "occ_hit": flag(
            _any_keyword("occupation", keywords),
        ),
        "skill_hit": flag(_any_keyword("skills", keywords)),
        "lang_hits": reduce(
            lambda a, b: a + b, [flag(_has_language(code)) for code in languages], Value(0)
        ),
        "region_hit": flag(Q(region_of_origin_id__in=region_ids)) if region_ids else Value(0),
        "age_ok": flag(age_known),
        "experienced": _has_bit(H_RETURNED),
        "same_sector": _has_bit(H_RETURNED_SAME_SECTOR),
        "pending_elsewhere": _has_bit(H_PENDING_ELSEWHERE),
        "not_returned": _has_bit(H_NOT_RETURNED),
    }
    queryset = (
        Candidate.objects.filter(pk__in=pool)
        .alias(
            born=Coalesce(F("birth_year"), ExtractYear("birth_date")),
        )
        # Experience in months: the years the candidate declared, plus the time abroad on
        # placements they came back from (a returned worker has proven experience).
        .annotate(
            history=_history(offer),
            blocked=F("history").bitand(H_COMMITTED | H_THIS_OFFER),
            abroad_months=Coalesce(_months_abroad(), Value(0)) / Value(DAYS_PER_MONTH),
            experience=Coalesce(F("years_of_experience"), Value(0)) * Value(12)
            + F("abroad_months"),
        )
        .annotate(**components, experience_points=experience_points)
        .annotate(
            score=F("occ_hit") * W_OCCUPATION
            + F("skill_hit") * W_SKILLS
            + F("lang_hits") * per_language
            + F("region_hit") * W_REGION
            + F("age_ok") * W_AGE
            + F("experience_points")
            + F("experienced") * W_RETURNED
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
            "years_of_experience",
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
    _explain_experience(match, candidate, offer)
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


def _experience_words(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and not rest:
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    if not years:
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return _("%(years)s and %(months)s") % {
        "years": ngettext("%(n)d year", "%(n)d years", years) % {"n": years},
        "months": ngettext("%(n)d month", "%(n)d months", rest) % {"n": rest},
    }


def _explain_experience(match: Match, candidate, offer) -> None:
    months = candidate.experience
    known = candidate.years_of_experience is not None or candidate.abroad_months > 0
    required = offer.experience_months or 0
    if not known:
        if required:
            match.warnings.append(
                _("Experience not recorded (%(required)s required)")
                % {"required": _experience_words(required)}
            )
        return
    words = _experience_words(months)
    if candidate.abroad_months:
        words = _("%(total)s, of which %(abroad)s abroad through the centre") % {
            "total": words,
            "abroad": _experience_words(candidate.abroad_months),
        }
    if required and months < required:
        match.warnings.append(
            _("Experience %(has)s, below the %(required)s required")
            % {"has": words, "required": _experience_words(required)}
        )
    elif required:
        match.reasons.append(
            _("Experience %(has)s, meets the %(required)s required")
            % {"has": words, "required": _experience_words(required)}
        )
    elif months:
        match.reasons.append(_("Experience %(has)s") % {"has": words})


def candidate_experience_months(candidate: Candidate, applications=None) -> tuple[int, bool]:
    """(months of experience, known?) as matching counts them: declared years + time abroad."""
    if applications is None:
        applications = candidate.applications.values_list(
            "offer_id", "status", "departure_date", "return_date"
        )
    days = sum(
        (back - gone).days
        for _offer, status, gone, back in applications
        if status == ApplicationStatus.RETURNED and gone and back
    )
    abroad = days // DAYS_PER_MONTH
    years = candidate.years_of_experience
    return (years or 0) * 12 + abroad, years is not None or abroad > 0


def open_offers_for_candidate(candidate: Candidate, *, limit: int = 10) -> list[dict]:
    """Open offers that fit the candidate, best first: two queries (offers are few)."""
    history = list(
        candidate.applications.values_list("offer_id", "status", "departure_date", "return_date")
    )
    applied = {row[0] for row in history}
    experience, experience_known = candidate_experience_months(candidate, history)
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
        warnings = []
        spoken = [code for code in offer.languages or [] if code in (candidate.languages or [])]
        if spoken:
            score += W_LANGUAGES * len(spoken) // len(offer.languages)
            reasons.append(_("Speaks a language wanted"))
        if candidate.region_of_origin_id in {region.pk for region in offer.regions.all()}:
            score += W_REGION
            reasons.append(_("From a priority region"))
        required = offer.experience_months or 0
        if required and experience >= required:
            score += W_EXPERIENCE
            reasons.append(
                _("Experience meets the %(required)s required")
                % {"required": _experience_words(required)}
            )
        elif required:
            warnings.append(
                _("Experience below the %(required)s required")
                % {"required": _experience_words(required)}
                if experience_known
                else _("Experience not recorded (%(required)s required)")
                % {"required": _experience_words(required)}
            )
        else:
            score += (
                min(experience, EXPERIENCE_FULL_MONTHS) * W_EXPERIENCE // EXPERIENCE_FULL_MONTHS
            )
        fits.append({"offer": offer, "score": score, "reasons": reasons, "warnings": warnings})
    fits.sort(key=lambda fit: (-fit["score"], fit["offer"].application_deadline))
    return fits[:limit]
