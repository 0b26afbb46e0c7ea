"""Pre-aggregated counts behind the dashboards: one table of (metric, day, region, category, n).

A dashboard over five million visits used to run a dozen aggregates over the whole tables on
every cache miss (7 s measured). The counts by day, region of origin and category are instead
rebuilt by periodic tasks (`research.tasks`: the last month every ten minutes, everything
nightly) in one transaction; a dashboard then sums fact rows for any date range and region, so
even a miss costs a fraction of a second. The page states when the facts were computed.
A record changed or entered with a date older than a month shows after the nightly rebuild.

Small tables (offers, diaspora members, publications, exports) are read directly.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

REFRESHED = "_refreshed"  # the fact row whose key holds the time of the last rebuild
VERSION_KEY = "research:dashboard:facts-version"


@dataclass(frozen=True)
class Metric:
    """Counts of `queryset` by day, region of origin and category (and an optional sum)."""

    name: str
    queryset: Callable[[dt.date], QuerySet]
    day: Any  # a date path or expression
    region: str  # path to the region id
    key: Any  # path or expression of the category
    total: Any = None  # expression summed beside the count
    # The rows of the recent days, on an indexed column (a partial rebuild), or None: the
    # table is small and always rebuilt whole. Rows without a day are always recounted.
    recent: Callable[[dt.date], Q] | None = None


def _candidates(today):
    from reception.models import Candidate

    return Candidate.objects.filter(erased_at__isnull=True, merged_into__isnull=True)


def _visits(today):
    from reception.models import Visit

    return Visit.objects.all()


def _referrals(today):
    from reception.models import Referral

    return Referral.objects.all()


def _deliveries(today):
    from campaigns.models import Delivery

    return Delivery.objects.all()


def _delivered(today):
    from campaigns.models import Delivery, DeliveryStatus

    return Delivery.objects.filter(status=DeliveryStatus.DELIVERED)


def _placements(today):
    from reception.models import Application, ApplicationStatus

    return Application.objects.filter(
        status__in=[
            ApplicationStatus.DEPARTED,
            ApplicationStatus.RETURNED,
            ApplicationStatus.NOT_RETURNED,
        ],
        departure_date__isnull=False,
    )


def _returns(today):
    from reception.models import Application, ApplicationStatus

    return Application.objects.filter(
        status__in=[ApplicationStatus.RETURNED, ApplicationStatus.NOT_RETURNED]
    )


def _return_key():
    from django.db.models import Case, When

    from reception.models import ApplicationStatus

    return Case(
        When(
            status=ApplicationStatus.RETURNED,
            return_date__lte=F("expected_return_date"),
            then=Value("on_time"),
        ),
        When(status=ApplicationStatus.RETURNED, then=Value("late")),
        default=Value("not_returned"),
        output_field=CharField(),
    )


def _stay_days():
    from research.datasets import _DaysBetween

    return _DaysBetween(F("return_date"), F("departure_date"))


def _age_band(today):
    from research.exporting import age_band_expression

    return age_band_expression("birth_date", today)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _since_created(since: dt.date) -> Q:
    return Q(created_at__gte=_start_of(since))


def _since_sent(since: dt.date) -> Q:
    return Q(sent_at__gte=_start_of(since)) | Q(sent_at__isnull=True)


def metrics(today: dt.date) -> list[Metric]:
    created = TruncDate("created_at")
    candidates = {"recent": _since_created}
    return [
        Metric("candidate_sex", _candidates, created, "region_of_origin_id", "sex", **candidates),
        Metric(
            "candidate_age",
            _candidates,
            created,
            "region_of_origin_id",
            _age_band(today),
            **candidates,
        ),
        Metric(
            "candidate_profile",
            _candidates,
            created,
            "region_of_origin_id",
            "profile",
            **candidates,
        ),
        Metric(
            "candidate_destination",
            _candidates,
            created,
            "region_of_origin_id",
            "intended_destination",
            **candidates,
        ),
        Metric(
            "visit_channel",
            _visits,
            "visit_date",
            "candidate__region_of_origin_id",
            "channel",
            recent=lambda since: Q(visit_date__gte=since),
        ),
        Metric(
            "referral_partner",
            _referrals,
            created,
            "candidate__region_of_origin_id",
            "partner__name",
            recent=_since_created,
        ),
        Metric(
            "referral_status",
            _referrals,
            created,
            "candidate__region_of_origin_id",
            "status",
            recent=_since_created,
        ),
        Metric(
            "delivery_status",
            _deliveries,
            TruncDate("sent_at"),
            "subscriber__region_id",
            "status",
            recent=_since_sent,
        ),
        Metric(
            "delivery_campaign",
            _delivered,
            TruncDate("sent_at"),
            "subscriber__region_id",
            "campaign__name",
            recent=_since_sent,
        ),
        Metric(
            "placement_country",
            _placements,
            "departure_date",
            "candidate__region_of_origin_id",
            "offer__country",
        ),
        # Returns are counted on the day they were due; the stay is summed for the returned.
        Metric(
            "return_outcome",
            _returns,
            Coalesce("expected_return_date", "return_date"),
            "candidate__region_of_origin_id",
            _return_key(),
            total=_stay_days(),
        ),
    ]


def _insert_metric(cursor, metric: Metric, today: dt.date, since: dt.date | None) -> None:
    qs = metric.queryset(today)
    if since is not None and metric.recent is not None:
        qs = qs.filter(metric.recent(since))
    qs = (
        qs.annotate(
            f_day=metric.day if not isinstance(metric.day, str) else F(metric.day),
            f_region=F(metric.region),
            f_key=Cast(
                metric.key if not isinstance(metric.key, str) else F(metric.key),
                output_field=CharField(),
            ),
        )
        .values("f_day", "f_region", "f_key")
        .annotate(
            f_n=Count("*"),
            f_total=Sum(metric.total) if metric.total is not None else Value(None, IntegerField()),
        )
        .order_by()
    )
    sql, params = qs.query.sql_with_params()
    cursor.execute(
        "INSERT INTO research_dashboardfact (metric, day, region_id, key, n, total) "  # noqa: S608
        "SELECT %s, agg.f_day, agg.f_region, COALESCE(substr(agg.f_key, 1, 200), ''), agg.f_n, "
        f"CAST(agg.f_total AS bigint) FROM ({sql}) AS agg",
        [metric.name, *params],
    )


def _insert_services(cursor, since: dt.date | None) -> None:
    """Visits by service given: one row per element of each visit's JSON list."""
    from reception.models import Candidate, Visit

    visit, candidate = Visit._meta.db_table, Candidate._meta.db_table
    if connection.vendor == "postgresql":
        elements, value = "jsonb_array_elements_text(v.services) AS s(value)", "s.value"
    else:
        elements, value = "json_each(v.services) AS s", "s.value"
    recent = "WHERE v.visit_date >= %s " if since is not None else ""
    cursor.execute(
        "INSERT INTO research_dashboardfact (metric, day, region_id, key, n, total) "  # noqa: S608
        f"SELECT 'visit_service', v.visit_date, c.region_of_origin_id, {value}, count(*), NULL "
        f"FROM {visit} AS v JOIN {candidate} AS c ON c.id = v.candidate_id, {elements} "
        f"{recent}GROUP BY v.visit_date, c.region_of_origin_id, {value}",
        [since] if since is not None else [],
    )


RECENT_DAYS = 31


@transaction.atomic
def facts_refresh(*, today: dt.date | None = None, recent_only: bool = False) -> dt.datetime:
    """Rebuild the facts in one transaction (readers see the old facts until it commits).

    `recent_only`: only the last RECENT_DAYS days (and rows without a day) of the large tables,
    read through their date indexes: the ten-minute task. The nightly task rebuilds all, which
    also moves people to their new age band and counts records entered with an older date.
    Safe to run twice; a second run waits for the first's lock, then rebuilds again.
    """
    from research.models import DashboardFact

    today = today or timezone.localdate()
    since = today - dt.timedelta(days=RECENT_DAYS) if recent_only else None
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One rebuild at a time; readers are not blocked (DELETE, not TRUNCATE).
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('research_dashboardfact'))")
        for metric in metrics(today):
            old = DashboardFact.objects.filter(metric=metric.name)
            if since is not None and metric.recent is not None:
                old = old.filter(Q(day__gte=since) | Q(day__isnull=True))
            old.delete()
            _insert_metric(cursor, metric, today, since)
        old = DashboardFact.objects.filter(metric="visit_service")
        if since is not None:
            old = old.filter(day__gte=since)
        old.delete()
        _insert_services(cursor, since)
        DashboardFact.objects.filter(metric=REFRESHED).delete()
    DashboardFact.objects.create(metric=REFRESHED, key=now.isoformat(), n=0)
    # A new version: every cached dashboard page is computed again from the new facts.
    transaction.on_commit(lambda: cache.set(VERSION_KEY, now.isoformat(), None))
    return now


def facts_version() -> str:
    """The time of the last rebuild (part of the dashboards' cache keys); "" if never built."""
    version = cache.get(VERSION_KEY)
    if version is None:
        from research.models import DashboardFact

        version = (
            DashboardFact.objects.filter(metric=REFRESHED).values_list("key", flat=True).first()
            or ""
        )
        # Not yet built: asked again in a minute (the rebuild sets the key when it commits).
        cache.set(VERSION_KEY, version, None if version else 60)
    return version


def refreshed_at() -> dt.datetime | None:
    version = facts_version()
    return dt.datetime.fromisoformat(version) if version else None


# --- Reading ----------------------------------------------------------------------------------


def facts(metric: str, filters) -> QuerySet:
    """The fact rows of a metric within the dashboard's filters (dates, region)."""
    from research.models import DashboardFact

    rows = DashboardFact.objects.filter(metric=metric)
    if filters.date_from:
        rows = rows.filter(day__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(day__lte=filters.date_to)
    if filters.region is not None:
        rows = rows.filter(region_id=filters.region.pk)
    return rows.order_by()


def sum_by(metric: str, filters, field: str = "key", limit: int | None = None) -> list[tuple]:
    """[(category, n)] of a metric, largest first."""
    rows = (
        facts(metric, filters)
        .values_list(field)
        .annotate(total_n=Sum("n"))
        .order_by("-total_n", field)
    )
    if limit:
        rows = rows[:limit]
    return list(rows)


def sum_by_month(metric: str, filters, only: Q | None = None) -> list[tuple]:
    from django.db.models.functions import TruncMonth

    rows = facts(metric, filters).filter(day__isnull=False)
    if only is not None:
        rows = rows.filter(only)
    rows = rows.annotate(month=TruncMonth("day")).values_list("month").annotate(total_n=Sum("n"))
    return [(f"{month:%Y-%m}", n) for month, n in rows.order_by("month")]
