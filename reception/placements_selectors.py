"""Reads of circular migration: offers, applications, alerts, indicators, records.

Matching lives in placements_matching; its entry points are re-exported here so that views and
the API read everything from one module.
"""

import datetime

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from reception.models import AppointmentStatus, Candidate
from reception.placements_matching import (  # noqa: F401 - re-exported
    MATCH_LIMIT,
    MATCH_MAX,
    Match,
    keywords_of,
    match_candidates_for_offer,
    open_offers_for_candidate,
)
from reception.placements_models import (
    PLACEMENT_STATES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Country,
    Debrief,
    Employer,
    JobOffer,
    OfferStatus,
    Programme,
)

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


def offer_call_back_requests(offer: JobOffer, *, limit: int = 20) -> dict:
    """Call-back requests left on the offer's public page (they live in the desk's queue)."""
    rows = offer.appointment_requests.order_by("-created_at", "-id")
    waiting = list(rows.filter(status=AppointmentStatus.NEW)[:limit])
    return {"waiting": waiting, "total": rows.count()}


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


def candidate_timeline_entries(candidate: Candidate) -> list:
    """Every move of the candidate's applications, for reception's timeline (one query).

    Registered in `reception.selectors.TIMELINE_SOURCES` by `placements_config.connect()`.
    """
    from reception.selectors import TimelineEntry

    tz = timezone.get_current_timezone()
    events = (
        ApplicationEvent.objects.filter(application__candidate=candidate)
        .select_related("application__offer")
        .only("at", "to_status", "note", "application__offer__title", "application__offer__city")
        .order_by("at", "id")
    )
    return [
        TimelineEntry(
            event.at.astimezone(tz).date(),
            "application",
            " · ".join(
                [
                    gettext("Application"),
                    event.application.offer.title,
                    str(ApplicationStatus(event.to_status).label),
                ]
            ),
            event.note,
            event,
        )
        for event in events
    ]


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
