"""Dashboards for staff and researchers, and the public key figures: tables with SVG charts.

A section is a function of the filters (date range, region) that returns tables of
(label, value) rows computed by the database with one aggregate query each, so a dashboard
costs the same number of queries on a thousand rows or five million. Each table is shown with
its chart; the public page suppresses every cell under 5.
"""

import copy
import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import AuditAction
from accounts.roles import MANAGER, RESEARCHER
from accounts.services import audit_record
from cigem.permissions import role_required
from research.charts import bar_chart, column_chart
from research.exporting import neutralise
from research.forms import DashboardFilterForm

SMALL_CELL = 5
DASHBOARD_ROLES = (RESEARCHER, MANAGER)


@dataclass
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: object | None = None  # cigem.models.Region

    def dates(self, path: str) -> dict:
        lookups = {}
        if self.date_from:
            lookups[f"{path}__gte"] = self.date_from
        if self.date_to:
            lookups[f"{path}__lte"] = self.date_to
        return lookups


@dataclass
class Table:
    title: str
    rows: list[tuple[str, object]]
    label_header: str = gettext_lazy("Category")
    value_header: str = gettext_lazy("Number")
    chart: str = "bar"  # bar | column
    note: str = ""
    suppressed: int = field(default=0)

    @property
    def svg(self):
        draw = column_chart if self.chart == "column" else bar_chart
        return draw(self.rows, title=self.title)

    @property
    def total(self):
        return sum(v for _label, v in self.rows if isinstance(v, int | float))


def suppress_small(table: Table, k: int = SMALL_CELL) -> Table:
    """Blank every cell from 1 to k-1 (shown as "< 5"), so no small group can be singled out."""
    rows, hidden = [], 0
    for label, value in table.rows:
        if isinstance(value, int) and 0 < value < k:
            rows.append((label, None))
            hidden += 1
        else:
            rows.append((label, value))
    table.rows, table.suppressed = rows, hidden
    return table


def count_by(queryset, path: str, labels: dict | None = None, limit: int = 30) -> list[tuple]:
    """[(label, n)] grouped by one field, largest first; one GROUP BY query."""
    rows = queryset.order_by().values_list(path).annotate(n=Count("*")).order_by("-n", path)[:limit]
    labels = labels or {}
    return [
        (str(labels.get(key, key if key not in (None, "") else _("Not given"))), n)
        for key, n in rows
    ]


def count_by_month(queryset, path: str) -> list[tuple]:
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth(path))
        .values_list("month")
        .annotate(n=Count("*"))
        .order_by("month")
    )
    return [(f"{month:%Y-%m}", n) for month, n in rows if month is not None]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: Callable[[Filters], Sequence[Table]]
    public: bool = False  # also on the key figures page (aggregates, small cells suppressed)


# --- Sections ---------------------------------------------------------------------------------


def _documentation(filters: Filters) -> list[Table]:
    from research.models import Publication, PublicationKind

    publications = Publication.objects.filter(visibility="public")
    if filters.region is not None:
        publications = publications.filter(regions=filters.region)
    return [
        Table(
            _("Public publications by type"),
            count_by(publications, "kind", dict(PublicationKind.choices)),
        ),
        Table(
            _("Public publications by year"),
            sorted(count_by(publications, "year", limit=40)),
            label_header=_("Year"),
            chart="column",
        ),
    ]


def _exports(filters: Filters) -> list[Table]:
    from research.models import ExportJob

    jobs = ExportJob.objects.filter(**filters.dates("created_at__date"))
    return [
        Table(_("Exports by data set"), count_by(jobs, "dataset")),
        Table(
            _("Exports per month"),
            count_by_month(jobs, "created_at"),
            label_header=_("Month"),
            chart="column",
        ),
    ]


def _diaspora(filters: Filters) -> list[Table]:
    from diaspora.models import Member
    from diaspora.reference import Sector

    members = Member.objects.filter(**filters.dates("created_at__date"))
    if filters.region is not None:
        members = members.filter(region_of_origin=filters.region)
    countries = dict(Member._meta.get_field("country").choices)
    return [
        Table(
            _("Diaspora members by country of residence"),
            count_by(members, "country", countries, limit=20),
            label_header=_("Country"),
        ),
        Table(
            _("Diaspora members by sector"),
            count_by(members, "sector", dict(Sector.choices)),
            label_header=_("Sector"),
        ),
    ]


def _campaigns(filters: Filters) -> list[Table]:
    from campaigns.models import Delivery, DeliveryStatus

    deliveries = Delivery.objects.filter(**filters.dates("sent_at__date"))
    if filters.region is not None:
        deliveries = deliveries.filter(subscriber__region=filters.region)
    counts = deliveries.aggregate(
        sent=Count("id", filter=Q(status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED])),
        delivered=Count("id", filter=Q(status=DeliveryStatus.DELIVERED)),
        failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
        opted_out=Count("id", filter=Q(status=DeliveryStatus.SKIPPED)),
    )
    return [
        Table(
            _("Campaign reach"),
            [
                (_("Sent"), counts["sent"]),
                (_("Delivered"), counts["delivered"]),
                (_("Failed"), counts["failed"]),
                (_("Not sent: opted out"), counts["opted_out"]),
            ],
            label_header=_("Messages"),
        ),
        Table(
            _("Delivered messages by campaign"),
            count_by(
                deliveries.filter(status=DeliveryStatus.DELIVERED), "campaign__name", limit=15
            ),
            label_header=_("Campaign"),
        ),
    ]


def _candidates(filters: Filters):
    from reception.models import Candidate

    qs = Candidate.objects.filter(
        erased_at__isnull=True, merged_into__isnull=True, **filters.dates("created_at__date")
    )
    if filters.region is not None:
        qs = qs.filter(region_of_origin=filters.region)
    return qs


def _visits(filters: Filters):
    from reception.models import Visit

    qs = Visit.objects.filter(**filters.dates("visit_date"))
    if filters.region is not None:
        qs = qs.filter(candidate__region_of_origin=filters.region)
    return qs


def _reception(filters: Filters) -> list[Table]:
    from reception.models import ServiceGiven, VisitChannel

    visits = _visits(filters)
    walk_ins = visits.filter(channel=VisitChannel.WALK_IN)
    # One query for every service: a filtered count per service over the JSON list.
    counts = visits.aggregate(
        **{
            f"s_{value}": Count("id", filter=Q(services__contains=[value]))
            for value in ServiceGiven.values
        }
    )
    services = sorted(
        ((label, counts[f"s_{value}"]) for value, label in ServiceGiven.choices),
        key=lambda row: -row[1],
    )
    return [
        Table(
            _("Walk-ins per month"),
            count_by_month(walk_ins, "visit_date"),
            label_header=_("Month"),
            value_header=_("Walk-ins"),
            chart="column",
        ),
        Table(_("Visits by channel"), count_by(visits, "channel", dict(VisitChannel.choices))),
        Table(_("Services given"), services, value_header=_("Visits")),
    ]


def _people(filters: Filters) -> list[Table]:
    from django.utils import timezone as tz

    from cigem.models import Region
    from reception.models import Profile, Sex
    from research.exporting import age_band_expression

    candidates = _candidates(filters)
    regions = dict(Region.objects.values_list("id", "name"))
    ages = candidates.annotate(age_band=age_band_expression("birth_date", tz.localdate()))
    return [
        Table(_("New candidates by sex"), count_by(candidates, "sex", dict(Sex.choices))),
        Table(_("By age band"), sorted(count_by(ages, "age_band")), label_header=_("Age band")),
        Table(
            _("By region of origin"),
            count_by(candidates, "region_of_origin", regions),
            label_header=_("Region"),
        ),
        Table(_("By profile"), count_by(candidates, "profile", dict(Profile.choices))),
        Table(
            _("By intended destination"),
            count_by(candidates, "intended_destination", limit=15),
            label_header=_("Destination"),
        ),
    ]


def _referrals(filters: Filters) -> list[Table]:
    from reception.models import Referral, ReferralStatus

    referrals = Referral.objects.filter(**filters.dates("created_at__date"))
    if filters.region is not None:
        referrals = referrals.filter(candidate__region_of_origin=filters.region)
    return [
        Table(
            _("Referrals by partner"),
            count_by(referrals, "partner__name", limit=20),
            label_header=_("Partner"),
        ),
        Table(
            _("Referrals by outcome"),
            count_by(referrals, "status", dict(ReferralStatus.choices)),
            label_header=_("Status"),
        ),
    ]


SECTIONS: list[Section] = [
    Section("reception", gettext_lazy("Reception"), _reception, public=True),
    Section("people", gettext_lazy("Who comes to the centre"), _people, public=True),
    Section("referrals", gettext_lazy("Referrals"), _referrals),
    Section("documentation", gettext_lazy("Documentation centre"), _documentation, public=True),
    Section("campaigns", gettext_lazy("Awareness campaigns"), _campaigns, public=True),
    Section("diaspora", gettext_lazy("Diaspora"), _diaspora, public=True),
    Section("exports", gettext_lazy("Exports"), _exports),
]


def section_tables(section: Section, filters: Filters) -> tuple[dt.datetime, list[Table]]:
    """The section's tables and when they were computed, cached for a few minutes per filters.

    On millions of visits an aggregate reads the whole table; the figures of a few minutes ago
    are as useful, and the page states their time.
    """
    region = filters.region.code if filters.region is not None else ""
    key = (
        f"research:dashboard:{section.key}:{filters.date_from}:{filters.date_to}:{region}:"
        f"{get_language()}"
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    tables = list(section.tables(filters))
    for table in tables:  # plain strings: what goes to the cache must not be lazy
        table.title, table.note = str(table.title), str(table.note)
        table.label_header, table.value_header = str(table.label_header), str(table.value_header)
        table.rows = [(str(label), value) for label, value in table.rows]
    result = (timezone.now(), tables)
    cache.set(key, result, settings.RESEARCH_DASHBOARD_CACHE_SECONDS)
    return result


def section_html(section: Section, filters: Filters, *, public: bool) -> tuple[dt.datetime, str]:
    """The section rendered (charts and tables), cached like its figures.

    Rendering a dozen tables and charts through templates cost about 25 ms a request, far more
    than reading the cache; the public variant has its small cells suppressed.
    """
    region = filters.region.code if filters.region is not None else ""
    key = (
        f"research:dashboard-html:{'public' if public else 'staff'}:{section.key}:"
        f"{filters.date_from}:{filters.date_to}:{region}:{get_language()}"
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    when, tables = section_tables(section, filters)
    if public:
        tables = [suppress_small(copy.copy(t)) for t in tables]
    query = urlencode(
        {
            k: v
            for k, v in (
                ("date_from", filters.date_from or ""),
                ("date_to", filters.date_to or ""),
                ("region", region),
            )
            if v
        }
    )
    html = render_to_string(
        "research/includes/section.html",
        {
            "section": section,
            "tables": tables,
            "public": public,
            "query": query,
            "small_cell": SMALL_CELL,
        },
    )
    result = (when, html)
    cache.set(key, result, settings.RESEARCH_DASHBOARD_CACHE_SECONDS)
    return result


def _filters_from(form) -> Filters:
    if form.is_valid():
        data = form.cleaned_data
        return Filters(data.get("date_from"), data.get("date_to"), data.get("region"))
    return Filters()


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    filters = _filters_from(form)
    computed = [section_html(section, filters, public=False) for section in SECTIONS]
    return render(
        request,
        "research/dashboard.html",
        {
            "form": form,
            "sections": [mark_safe(html) for _when, html in computed],  # noqa: S308 - rendered by our template
            "generated_at": min((when for when, _h in computed), default=timezone.now()),
        },
    )


@role_required(*DASHBOARD_ROLES)
def dashboard_table_csv(request, section: str, index: int):
    """One dashboard table as CSV, with the dashboard's filters: aggregates, written at once."""
    by_key = {s.key: s for s in SECTIONS}
    if section not in by_key:
        raise Http404
    form = DashboardFilterForm(request.GET or None)
    _when, tables = section_tables(by_key[section], _filters_from(form))
    if not 0 <= index < len(tables):
        raise Http404
    table = tables[index]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([neutralise(str(table.label_header)), neutralise(str(table.value_header))])
    for label, value in table.rows:
        writer.writerow([neutralise(str(label)), value])
    filters = ", ".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if v) or "-"
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="research.dashboard",
        object_id=f"{section}/{index}",
        summary=f"dashboard table rows={len(table.rows)} filters: {filters}"[:300],
        request=request,
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cigem-{section}-{index + 1}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def key_figures(request):
    """Public: aggregates only, and every cell under 5 suppressed."""
    computed = [section_html(s, Filters(), public=True) for s in SECTIONS if s.public]
    return render(
        request,
        "research/key_figures.html",
        {
            "sections": [mark_safe(html) for _when, html in computed],  # noqa: S308 - rendered by our template
            "small_cell": SMALL_CELL,
            "generated_at": min((when for when, _h in computed), default=timezone.now()),
        },
    )
