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
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from accounts.models import AuditAction
from accounts.roles import MANAGER, RESEARCHER
from accounts.services import audit_record
from cigem.permissions import role_required
from research import facts
from research.charts import bar_chart, column_chart
from research.exporting import neutralise
from research.forms import DashboardFilterForm
from research.xlsx import StreamingXlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SMALL_CELL = 5
DASHBOARD_ROLES = (RESEARCHER, MANAGER)


@dataclass
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: object | None = None  # has .pk and .code (research.forms.RegionRef or a Region)

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
    chart: str = "bar"  # bar | column | none (figures in different units)
    note: str = ""
    suppressed: int = field(default=0)

    @property
    def svg(self):
        if self.chart == "none":
            return ""
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
        publications = publications.filter(regions__id=filters.region.pk)
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

    # Unconfirmed registrations are not members yet (as in the directory and the exports).
    members = Member.objects.filter(confirmed_at__isnull=False, **filters.dates("created_at__date"))
    if filters.region is not None:
        members = members.filter(region_of_origin_id=filters.region.pk)
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


def _labelled(rows, labels: dict | None = None) -> list[tuple]:
    labels = labels or {}
    return [
        (str(labels.get(key, key if key not in (None, "") else _("Not given"))), n)
        for key, n in rows
    ]


def _campaigns(filters: Filters) -> list[Table]:
    from campaigns.models import DeliveryStatus, Subscriber

    by_status = dict(facts.sum_by("delivery_status", filters))
    subscribers = Subscriber.objects.filter(unsubscribed_at__isnull=False)
    subscribers = subscribers.filter(**filters.dates("unsubscribed_at__date"))
    if filters.region is not None:
        subscribers = subscribers.filter(region_id=filters.region.pk)
    return [
        Table(
            _("Campaign reach"),
            [
                (
                    _("Sent"),
                    by_status.get(DeliveryStatus.SENT, 0)
                    + by_status.get(DeliveryStatus.DELIVERED, 0),
                ),
                (_("Delivered"), by_status.get(DeliveryStatus.DELIVERED, 0)),
                (pgettext("campaign reach", "Failed"), by_status.get(DeliveryStatus.FAILED, 0)),
                (_("Not sent: opted out"), by_status.get(DeliveryStatus.SKIPPED, 0)),
            ],
            label_header=_("Messages"),
        ),
        Table(
            _("Delivered messages by campaign"),
            facts.sum_by("delivery_campaign", filters, limit=15),
            label_header=_("Campaign"),
        ),
        Table(
            _("Subscribers who opted out, per month"),
            count_by_month(subscribers, "unsubscribed_at"),
            label_header=_("Month"),
            value_header=_("Subscribers"),
            chart="column",
        ),
    ]


def _reception(filters: Filters) -> list[Table]:
    from reception.models import ServiceGiven, VisitChannel

    return [
        Table(
            _("Walk-ins per month"),
            facts.sum_by_month("visit_channel", filters, Q(key=VisitChannel.WALK_IN)),
            label_header=_("Month"),
            value_header=_("Walk-ins"),
            chart="column",
        ),
        Table(
            _("Visits by channel"),
            _labelled(facts.sum_by("visit_channel", filters), dict(VisitChannel.choices)),
        ),
        Table(
            _("Services given"),
            _labelled(facts.sum_by("visit_service", filters), dict(ServiceGiven.choices)),
            value_header=_("Visits"),
        ),
    ]


def _people(filters: Filters) -> list[Table]:
    from cigem.models import Region
    from reception.models import Profile, Sex

    regions = dict(Region.objects.values_list("id", "name"))
    return [
        Table(
            _("New candidates by sex"),
            _labelled(facts.sum_by("candidate_sex", filters), dict(Sex.choices)),
        ),
        Table(
            _("By age band"),
            sorted(_labelled(facts.sum_by("candidate_age", filters))),
            label_header=_("Age band"),
        ),
        Table(
            _("By region of origin"),
            _labelled(facts.sum_by("candidate_sex", filters, field="region_id", limit=30), regions),
            label_header=_("Region"),
        ),
        Table(
            _("By profile"),
            _labelled(facts.sum_by("candidate_profile", filters), dict(Profile.choices)),
        ),
        Table(
            _("By intended destination"),
            _labelled(facts.sum_by("candidate_destination", filters, limit=15)),
            label_header=_("Destination"),
        ),
    ]


def _referrals(filters: Filters) -> list[Table]:
    from reception.models import ReferralStatus

    return [
        Table(
            _("Referrals by partner"),
            _labelled(facts.sum_by("referral_partner", filters, limit=20)),
            label_header=_("Partner"),
        ),
        Table(
            _("Referrals by outcome"),
            _labelled(facts.sum_by("referral_status", filters), dict(ReferralStatus.choices)),
            label_header=_("Status"),
        ),
    ]


def _circular(filters: Filters) -> list[Table]:
    from django.db.models.functions import ExtractYear

    from reception.placements_models import Country, JobOffer, OfferStatus

    countries = dict(Country.choices)
    # Offers are not about a person: the region filter does not apply to them.
    offers = JobOffer.objects.filter(**filters.dates("created_at__date"))
    placements = (
        facts.facts("placement_country", filters)
        .annotate(year=ExtractYear("day"))
        .values_list("year", "key")
        .annotate(total_n=Sum("n"))
        .order_by("-year", "-total_n", "key")[:40]
    )
    returns = {
        key: (n, stay)
        for key, n, stay in facts.facts("return_outcome", filters)
        .values_list("key")
        .annotate(total_n=Sum("n"), stay=Sum("total"))
        .values_list("key", "total_n", "stay")
    }
    on_time, late, missing = (
        returns.get(k, (0, 0))[0] for k in ("on_time", "late", "not_returned")
    )
    due = on_time + late + missing
    returned = on_time + late
    stay_days = sum((returns.get(k, (0, 0))[1] or 0) for k in ("on_time", "late"))
    rate = round(100 * on_time / due) if due else None
    average = round(stay_days / returned) if returned else None
    return [
        Table(
            _("Job offers by status"),
            count_by(offers, "status", dict(OfferStatus.choices)),
            label_header=_("Status"),
            value_header=_("Offers"),
            note=_("Offers are not tied to a region: the region filter does not apply."),
        ),
        Table(
            _("Job offers by country"),
            count_by(offers, "country", countries),
            label_header=_("Country"),
            value_header=_("Offers"),
        ),
        Table(
            _("Placements per year and country of work"),
            [(f"{year} – {countries.get(key, key)}", n) for year, key, n in placements],
            label_header=_("Year of departure – country"),
            value_header=_("Departures"),
        ),
        Table(
            _("Returns"),
            [
                (_("Back on time"), on_time),
                (_("Back late"), late),
                (_("Did not return"), missing),
            ],
            label_header=_("Return"),
            value_header=_("Placements"),
            note=_("Placements whose return was due in the period."),
        ),
        Table(
            _("On-time returns and length of stay"),
            # Nothing due: no row rather than an empty cell read as "under 5".
            [
                row
                for row in (
                    (_("On-time return rate (%)"), rate),
                    (_("Average stay (days)"), average),
                )
                if row[1] is not None
            ],
            label_header=_("Indicator"),
            value_header=_("Value"),
            chart="none",
            note=_("Rate: returned by the expected date, out of the returns due (%(n)s).")
            % {"n": due},
        ),
    ]


SECTIONS: list[Section] = [
    Section("reception", gettext_lazy("Reception"), _reception, public=True),
    Section("people", gettext_lazy("Who comes to the centre"), _people, public=True),
    Section("referrals", gettext_lazy("Referrals"), _referrals),
    Section("circular", gettext_lazy("Offers, placements and returns"), _circular),
    Section("documentation", gettext_lazy("Documentation centre"), _documentation, public=True),
    Section("campaigns", gettext_lazy("Awareness campaigns"), _campaigns, public=True),
    Section("diaspora", gettext_lazy("Diaspora"), _diaspora, public=True),
    Section("exports", gettext_lazy("Exports"), _exports),
]


def section_tables(section: Section, filters: Filters) -> list[Table]:
    """The section's tables, as plain strings (what goes to the cache must not be lazy)."""
    tables = list(section.tables(filters))
    for table in tables:
        table.title, table.note = str(table.title), str(table.note)
        table.label_header, table.value_header = str(table.label_header), str(table.value_header)
        table.rows = [(str(label), value) for label, value in table.rows]
    return tables


def _query(filters: Filters) -> str:
    region = filters.region.code if filters.region is not None else ""
    pairs = (
        ("date_from", filters.date_from or ""),
        ("date_to", filters.date_to or ""),
        ("region", region),
    )
    return urlencode({k: v for k, v in pairs if v})


def _page_key(kind: str, query: str, audience: str) -> str:
    return f"research:dashboard-page:{kind}:{audience}:{query}:{get_language()}"


def sections_html(filters: Filters, *, public: bool) -> str:
    """Every section rendered (charts and tables): rendering a dozen tables and charts
    through templates costs about 25 ms, so the result is cached by the callers."""
    query = _query(filters)
    parts = []
    for section in SECTIONS:
        if public and not section.public:
            continue
        tables = section_tables(section, filters)
        if public:
            tables = [suppress_small(copy.copy(t)) for t in tables]
        parts.append(
            render_to_string(
                "research/includes/section.html",
                {
                    "section": section,
                    "tables": tables,
                    "public": public,
                    "query": query,
                    "small_cell": SMALL_CELL,
                },
            )
        )
    return "".join(parts)


# Bodies this process has already read from the cache, by key (at most _LOCAL_SIZE, the least
# recently used dropped first). Each is served again only while the cache holds the same stamp,
# so a rebuild of the facts, an expiry or a cleared cache is seen at once by every process.
_LOCAL_SIZE = 32
_local: OrderedDict[str, dict] = OrderedDict()
_local_lock = threading.Lock()


def _remember(key: str, body: dict) -> None:
    with _local_lock:
        _local[key] = body
        _local.move_to_end(key)
        while len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)


def _remembered(key: str, stamp: str, version: str) -> dict | None:
    with _local_lock:
        body = _local.get(key)
        if body is None or body["stamp"] != stamp or body["version"] != version:
            return None
        _local.move_to_end(key)
        return body


def cached_page(kind: str, raw_query: str, build, *, audience: str = "") -> dict:
    """The page's content from the cache, or `build(meta)` stored there when it says cacheable.

    The key holds the kind of page, the audience (the viewer's dashboard roles: a body is never
    served to a role it was not made for), the filters as typed and the language. The body
    carries the facts' version, so a rebuild of the facts shows at once; the small tables read
    directly (offers, members, publications) are at most `RESEARCH_DASHBOARD_CACHE_SECONDS`
    old. A warm request is one round trip to the cache for two short strings (the facts'
    version and the page's stamp); the page itself (tens of kilobytes of tables and SVG) comes
    from this process's memory when it has read that stamp before, from the cache otherwise.
    `build` receives `{"generated_at", "ready"}` and returns `{"content": html, "cacheable"}`.
    """
    key = _page_key(kind, raw_query, audience)
    stamp_key = f"{key}:stamp"
    found = cache.get_many([facts.VERSION_KEY, stamp_key])
    version = found.get(facts.VERSION_KEY)
    if version is None:
        version = facts.facts_version()
    if not version:
        _ask_for_facts()
    stamp = found.get(stamp_key)
    if stamp is not None:
        body = _remembered(key, stamp, version)
        if body is not None:
            return body
        body = cache.get(key)
        if body is not None and body.get("stamp") == stamp and body.get("version") == version:
            _remember(key, body)
            return body
    meta = {"generated_at": facts.refreshed_at() or timezone.now(), "ready": bool(version)}
    body = build(meta)
    body.update(version=version, stamp=uuid.uuid4().hex)
    seconds = settings.RESEARCH_DASHBOARD_CACHE_SECONDS
    if body.pop("cacheable", True) and seconds:
        cache.set_many({key: body, stamp_key: body["stamp"]}, seconds)
        _remember(key, body)
    return body


def _ask_for_facts() -> None:
    """No facts yet (a new installation): ask the worker for them, at most once a minute."""
    if cache.add("research:dashboard:facts-asked", 1, 60):
        from cigem.queue import send_task
        from research.tasks import dashboard_facts_refresh_task

        send_task(dashboard_facts_refresh_task)


def _filters_from(form) -> Filters:
    if form.is_valid():
        data = form.cleaned_data
        return Filters(data.get("date_from"), data.get("date_to"), data.get("region"))
    return Filters()


FILTER_NAMES = ("date_from", "date_to", "region")


def _audience(user) -> str:
    """The viewer's dashboard roles, part of the cache key (see cached_page)."""
    if user.is_superuser:
        return "superuser"
    return ",".join(sorted(user.roles & set(DASHBOARD_ROLES)))


@role_required(*DASHBOARD_ROLES)
def dashboard(request):
    raw = [(name, request.GET.get(name, "")[:20]) for name in FILTER_NAMES]

    def build(meta):
        form = DashboardFilterForm(request.GET or None)
        filters = _filters_from(form)
        sections = mark_safe(sections_html(filters, public=False))  # noqa: S308 - our templates
        context = {"form": form, "sections": sections, **meta}
        return {
            # The form as typed, with its errors: part of the cached content when valid.
            "content": render_to_string("research/includes/dashboard_content.html", context),
            "cacheable": not form.is_bound or form.is_valid(),
        }

    body = cached_page("staff", urlencode(raw), build, audience=_audience(request.user))
    return render(
        request,
        "research/dashboard.html",
        {"content": mark_safe(body["content"])},  # noqa: S308 - rendered by our templates
    )


def _dashboard_table(request, section: str, index: int, fmt: str):
    """One dashboard table as a file, with the dashboard's filters: aggregates, written at once."""
    by_key = {s.key: s for s in SECTIONS}
    if section not in by_key:
        raise Http404
    form = DashboardFilterForm(request.GET or None)
    tables = section_tables(by_key[section], _filters_from(form))
    if not 0 <= index < len(tables):
        raise Http404
    table = tables[index]
    header = [neutralise(str(table.label_header)), neutralise(str(table.value_header))]
    rows = [[neutralise(str(label)), value] for label, value in table.rows]
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        content, content_type = out.getvalue(), "text/csv; charset=utf-8"
    else:
        out = io.BytesIO()
        with StreamingXlsx(out, sheet_name=section) as book:
            book.write_header(header)
            for row in rows:
                book.write_row(row)
        content, content_type = out.getvalue(), XLSX_TYPE
    filters = ", ".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if v) or "-"
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="research.dashboard",
        object_id=f"{section}/{index}",
        summary=f"dashboard table {fmt} rows={len(rows)} filters: {filters}"[:300],
        request=request,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cigem-{section}-{index + 1}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*DASHBOARD_ROLES)
def dashboard_table_csv(request, section: str, index: int):
    return _dashboard_table(request, section, index, "csv")


@role_required(*DASHBOARD_ROLES)
def dashboard_table_xlsx(request, section: str, index: int):
    return _dashboard_table(request, section, index, "xlsx")


def key_figures(request):
    """Public: aggregates only, and every cell under 5 suppressed."""

    def build(meta):
        sections = mark_safe(sections_html(Filters(), public=True))  # noqa: S308 - our templates
        context = {"sections": sections, "small_cell": SMALL_CELL, **meta}
        return {"content": render_to_string("research/includes/key_figures_content.html", context)}

    body = cached_page("public", "", build)
    return render(
        request,
        "research/key_figures.html",
        {"content": mark_safe(body["content"])},  # noqa: S308 - rendered by our templates
    )
