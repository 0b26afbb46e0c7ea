"""Research benchmark: exports against PostgreSQL COPY and django-import-export; peak memory.

.venv/bin/python benchmarks/bench_research.py [--dataset audit_events] [--sizes 100000 1000000]

Each export runs in a process of its own under /usr/bin/time, so peak memory is that export's.
Times are measured inside the process (Django start-up excluded) and stated as ratios against
PostgreSQL COPY of the same columns, measured in the same run.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--dataset", default="audit_events")
parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
parser.add_argument(
    "--import-export-max",
    type=int,
    default=1_000_000,
    help="largest size django-import-export is run at (it holds every row in memory)",
)
parser.add_argument(
    "--visits", type=int, default=0, help="visits for the dashboard figures (0: no dashboard run)"
)
parser.add_argument("--candidates-for-visits", type=int, default=200_000)
parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
parser.add_argument("--skip-exports", action="store_true")
parser.add_argument("--rounds", type=int, default=3, help="wrk rounds over the dashboard pages")
parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one method and print JSON
parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
args = parser.parse_args()

METHODS = [
    ("copy", "PostgreSQL `COPY (SELECT same columns) TO STDOUT CSV` (floor)"),
    ("csv", "portal CSV export (COPY of a SELECT that neutralises formula cells)"),
    ("csv_python", "portal CSV, Python engine (SQLite fallback: values_list iterator + csv)"),
    ("xlsx", "portal XLSX export (COPY of SQL that writes each sheet row, deflated into the zip)"),
    ("import_export", "django-import-export `ModelResource.export()` → CSV"),
]


def _plan(dataset_key: str, rows: int):
    from django.utils import timezone

    from research.datasets import get_dataset
    from research.exporting import ExportPlan

    dataset = get_dataset(dataset_key)
    base = dataset.queryset()
    ids = base.order_by("pk").values_list("pk", flat=True)
    last = ids[rows - 1]
    return ExportPlan(
        queryset=base.filter(pk__lte=last),
        columns=dataset.columns(anonymised=False, today=timezone.localdate()),
    )


def _run_one(method: str, dataset_key: str, rows: int) -> dict:
    from django.db import connection

    from research import exporting

    plan = _plan(dataset_key, rows)
    out = Path(tempfile.mkdtemp()) / f"export.{'xlsx' if method == 'xlsx' else 'csv'}"
    keep_going = lambda done, total: True  # noqa: E731
    started = time.perf_counter()
    if method == "copy":
        inner, params = plan.annotated().query.sql_with_params()
        with connection.cursor() as cursor, open(out, "wb") as f:
            sql = cursor.cursor.mogrify(inner, params).decode()
            cursor.cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", f)
        written = rows
    elif method == "csv":
        written, _ = exporting.write_export(plan, "csv", str(out), keep_going)
    elif method == "csv_python":
        written, _ = exporting.write_python(plan, "csv", str(out), keep_going)
    elif method == "xlsx":
        written, _ = exporting.write_export(plan, "xlsx", str(out), keep_going)
    elif method == "import_export":
        from import_export import resources

        fields = [c.expression for c in plan.columns if isinstance(c.expression, str)]
        model = plan.queryset.model
        resource = resources.modelresource_factory(
            model, meta_options={"fields": fields, "export_order": fields}
        )()
        data = resource.export(queryset=plan.queryset)
        out.write_text(data.csv, encoding="utf-8")
        written = len(data)
    seconds = time.perf_counter() - started
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "rows": written, "bytes": size}


def _measure(method: str, rows: int) -> dict:
    cmd = [
        harness.PYTHON,
        str(Path(__file__).resolve()),
        "--one",
        method,
        "--rows",
        str(rows),
        "--dataset",
        args.dataset,
    ]
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as result:
        path = result.name
    env = {**os.environ, "BENCH_RESULT": path}
    _wall, peak_mb = harness.peak_rss_mb_of(cmd, env=env)
    data = json.loads(Path(path).read_text())
    os.unlink(path)
    data["peak_mb"] = peak_mb
    return data


def _ensure_rows(count: int) -> None:
    from research.datasets import get_dataset

    have = get_dataset(args.dataset).queryset().count()
    if have >= count:
        return
    options = {"audit_events": "audit_events", "candidates": "candidates"}
    seconds, _ = harness.timed(
        harness.generate, **{options[args.dataset]: count - have}, stdout=sys.stderr
    )
    print(f"generated {count - have} rows for {args.dataset} in {seconds:.1f} s", file=sys.stderr)


FILTERED = "/research/dashboard/?date_from=2025-01-01&date_to=2025-12-31&region=KAY"
DASHBOARD = "/research/dashboard/"


def _load(values) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _gunicorn(workers: int = 2):
    """gunicorn serving the portal plus the empty pages of benchmarks/research_frame.py."""
    return harness.gunicorn(workers=workers, app="benchmarks.research_frame:application")


def _browser_cookies(base: str, session_cookie: str) -> str:
    """The cookies a manager's browser sends once it has shown one page: session, language
    and CSRF token (without them every response would set them again)."""
    import urllib.request
    from http.cookies import SimpleCookie

    request = urllib.request.Request(base + DASHBOARD, headers={"Cookie": session_cookie})
    with urllib.request.urlopen(request) as response:
        jar = SimpleCookie(session_cookie)
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


def _in_process(manager, rounds: int = 300) -> list[dict]:
    """CPU time (and wall time) per warm request in this process, median of `rounds`.

    The pages are requested in turn, round after round, so that the load of the other
    processes on this shared machine falls on all of them alike.
    """
    import statistics

    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    from benchmarks import research_frame

    clear_url_caches()
    staff, visitor = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    staff.force_login(manager)
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    pages = [
        ("trivial view `/ping`", visitor, "/ping"),
        ("empty public page (base.html)", visitor, research_frame.EMPTY_PUBLIC_PAGE),
        ("empty staff page (base.html, role check)", staff, research_frame.EMPTY_STAFF_PAGE),
        ("dashboard, manager, default filters", staff, DASHBOARD),
        ("dashboard, region and date range", staff, FILTERED),
        ("key figures, public", visitor, "/key-figures/"),
    ]
    cpu = {url: [] for _label, _client, url in pages}
    wall = {url: [] for _label, _client, url in pages}
    for warm in (True, False):
        for _ in range(10 if warm else rounds):
            for _label, client, url in pages:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                if not warm:
                    cpu[url].append(time.process_time() - started_cpu)
                    wall[url].append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
    return [
        {
            "label": label,
            "url": url,
            "cpu": statistics.median(cpu[url]) * 1000,
            "wall": statistics.median(wall[url]) * 1000,
        }
        for label, _client, url in pages
    ]


def _own_part(rounds: int = 2000) -> float:
    """Median CPU ms of the dashboard's own work in a warm request: `cached_page` alone."""
    import statistics

    from django.utils import translation
    from django.utils.http import urlencode

    from research import dashboards

    def miss(meta):
        raise AssertionError("the page should be in the cache")

    raw = urlencode([(name, "") for name in dashboards.FILTER_NAMES])
    times = []
    with translation.override("fr"):
        for _ in range(rounds):
            started = time.process_time()
            dashboards.cached_page("staff", raw, miss, audience="manager")
            times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def dashboard_section() -> str:
    """The dashboard on many visits against the trivial-view floor, in the same run."""
    from django.core.cache import cache
    from django.test import Client

    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from benchmarks import research_frame
    from reception.models import Candidate, Visit

    have = Visit.objects.count()
    if have < args.visits:
        if Candidate.objects.count() < args.candidates_for_visits:
            harness.generate(
                candidates=args.candidates_for_visits - Candidate.objects.count(),
                stdout=sys.stderr,
            )
        seconds, _ = harness.timed(harness.generate, visits=args.visits - have, stdout=sys.stderr)
        print(f"generated {args.visits - have} visits in {seconds:.1f} s", file=sys.stderr)
    manager = User.objects.filter(email="bench-manager@cigem.test").first() or user_create(
        email="bench-manager@cigem.test",
        full_name="Bench Manager",
        password=None,
        roles=[Role.MANAGER],
    )
    from research.facts import facts_refresh

    load_before = os.getloadavg()
    rebuild, _ = harness.timed(facts_refresh)
    recent, _ = harness.timed(facts_refresh, recent_only=True)
    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    client.get("/ping")  # the process's first request loads URLs and translations
    cold, response = harness.timed(client.get, DASHBOARD)
    assert response.status_code == 200, response.status_code
    cold_filtered, response = harness.timed(client.get, FILTERED)
    assert response.status_code == 200, response.status_code
    pages = [
        ("trivial view `/ping` (floor)", "/ping", False),
        ("empty staff page (base.html, role check)", research_frame.EMPTY_STAFF_PAGE, True),
        ("dashboard, manager, default filters", DASHBOARD, True),
        ("dashboard, region and date range", FILTERED, True),
        ("key figures, public", "/key-figures/", False),
    ]
    load_wrk = os.getloadavg()
    with _gunicorn(workers=2) as base:
        cookie = _browser_cookies(base, harness.session_cookie(manager))
        harness.wrk(f"{base}/ping", seconds=2)
        for _label, path, signed_in in pages:  # warm each worker's cache of the page
            harness.wrk(base + path, seconds=1, cookie=cookie if signed_in else "")
        rounds = []  # one list of measures per round; each round loads every page once
        for _ in range(args.rounds):
            measures = []
            for _label, path, signed_in in pages:
                # The machine is shared: the floor is measured again right before and after
                # each page, and the page is compared with those two.
                before = harness.wrk(f"{base}/ping", seconds=5)
                measured = harness.wrk(
                    base + path, seconds=args.seconds, cookie=cookie if signed_in else ""
                )
                after = harness.wrk(f"{base}/ping", seconds=5)
                measured["floor"] = (before["rps"] + after["rps"]) / 2
                measured["ratio"] = measured["floor"] / measured["rps"]
                measures.append(measured)
            rounds.append(measures)
            print("round", [f"{m['ratio']:.1f}" for m in measures], file=sys.stderr)
    load_after_wrk = os.getloadavg()
    in_process = _in_process(manager)
    own = _own_part()
    rows = []
    for i, (label, path, signed_in) in enumerate(pages):
        _status, queries = harness.query_count(path, manager if signed_in else None)
        measures = sorted((r[i] for r in rounds), key=lambda m: m["ratio"])
        middle = measures[len(measures) // 2]  # the round of the median ratio
        rows.append(
            [
                label,
                f"{middle['rps']:,.0f}",
                f"{middle['floor']:,.0f}",
                f"{middle['ratio']:.1f}×",
                " / ".join(f"{m['ratio']:.1f}×" for m in (r[i] for r in rounds)),
                f"{middle['p50']:.1f}",
                f"{middle['p95']:.1f}",
                sum(m["errors"] for m in measures),
                queries,
            ]
        )
    ping = in_process[0]["cpu"]
    frame = next(p["cpu"] for p in in_process if p["url"] == research_frame.EMPTY_STAFF_PAGE)
    cpu_rows = [
        [
            p["label"],
            f"{p['cpu']:.2f}",
            f"{p['cpu'] / ping:.1f}×",
            f"{p['cpu'] / frame:.2f}×",
            f"{p['wall']:.2f}",
        ]
        for p in in_process
    ]
    dashboard_cpu = next(p["cpu"] for p in in_process if p["url"] == DASHBOARD)
    return (
        f"### Dashboard on {Visit.objects.count():,} visits "
        f"({Candidate.objects.count():,} candidates)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} UTC. Reproduce this part alone: "
        "`.venv/bin/python benchmarks/bench_research.py --dataset "
        f"candidates --skip-exports --visits {args.visits} --seconds {args.seconds} "
        f"--rounds {args.rounds}` "
        "(it keeps the export section of the previous run).\n\n"
        f"Load average (1, 5, 15 min) before this section: {_load(load_before)}; before wrk: "
        f"{_load(load_wrk)}; after wrk: {_load(load_after_wrk)}; at the end: "
        f"{_load(os.getloadavg())}.\n\n"
        "Through gunicorn (2 sync workers) and wrk (8 connections), warm, as a manager's browser "
        "asks for the page once it has shown it (session, language and CSRF cookies sent):\n\n"
        + harness.table(
            [
                "page",
                "requests/s",
                "floor around it (req/s)",
                "cost vs floor around it (median round)",
                "cost in each round",
                "p50 ms",
                "p95 ms",
                "errors",
                "SQL queries",
            ],
            rows,
        )
        + "\n\nThe floor is `/ping`, measured for 5 s right before and after each page "
        "(their mean is the floor around it), because other processes load the machine "
        f"unevenly; the pages were measured in {args.rounds} rounds, each loading every page in "
        "turn, and the table gives the round of the median cost (errors: all rounds). "
        "The empty staff page "
        "(`benchmarks/research_frame.py`, never part of the product) extends base.html behind "
        "the dashboard's role check: the frame any signed-in page pays for.\n\n"
        "The same pages in one process (Django's test client, no network), median CPU time of "
        "300 warm requests each, the pages taken in turn so that the machine's load falls on "
        "all alike:\n\n"
        + harness.table(
            ["page", "CPU ms per request", "vs `/ping`", "vs empty staff page", "wall ms"],
            cpu_rows,
        )
        + f"\n\nOf the dashboard's {dashboard_cpu:.2f} ms of CPU, {frame:.2f} ms are the "
        f"signed-in frame and {dashboard_cpu - frame:.2f} ms the dashboard's own part; "
        f"measured alone, that part (finding the page in the cache) takes {own:.2f} ms of CPU, "
        "nearly all of it the one Redis round trip through Django's cache. "
        "The counts behind the dashboards are pre-aggregated by day, "
        f"region and category (`research/facts.py`): rebuilding them from {Visit.objects.count():,} "
        f"visits and {Candidate.objects.count():,} candidates took {rebuild:.1f} s and the "
        f"last month's {recent:.1f} s, in the periodic tasks (whole at night, the last month "
        "every 10 minutes), never in a request. A cache miss (first request for "
        f"some filters, language and role, or after a rebuild) then costs {cold * 1000:.0f} ms "
        f"for every section and {cold_filtered * 1000:.0f} ms with a region and a date range "
        "(first measured 7.1 s when each table read the visits). A warm request reads two "
        "short strings from Redis (the facts' version and the page's stamp) and takes the "
        "rendered content (tables and SVG charts) from the worker's memory; query counts are "
        "of a warm request."
    )


def _write(sections: list[str], command: str) -> None:
    """Write results/research.md with the sections run now, keeping the others of the last run."""
    part = harness.RESULTS_DIR / "research.md"
    old = part.read_text(encoding="utf-8") if part.exists() else ""
    old_sections = ["### " + chunk for chunk in old.split("\n### ")[1:]]
    ran = {section.splitlines()[0].split(" of ")[0].split(" on ")[0] for section in sections}
    kept = [
        chunk.strip()
        for chunk in old_sections
        if chunk.splitlines()[0].split(" of ")[0].split(" on ")[0] not in ran
    ]
    order = ("### Exports", "### Dashboard")
    body = sorted(
        [*kept, *(s.strip() for s in sections)],
        key=lambda chunk: next((i for i, o in enumerate(order) if chunk.startswith(o)), 9),
    )
    intro = (
        "2 cores shared with other engineers' test runs and benchmarks; each section states "
        "its load average, its command and its data. Ratios are against a floor measured in "
        "the same run; absolute times drift with the load."
    )
    harness.write_results(
        "research", "Research: exports and dashboard", intro + "\n\n" + "\n\n".join(body), command
    )


def run():
    sections = []
    if not args.skip_exports:
        sections.append(exports_section())
    if args.visits:
        sections.append(dashboard_section())
    _write(sections, ".venv/bin/python benchmarks/bench_research.py " + " ".join(sys.argv[1:]))
    print("\n\n".join(sections))


def exports_section() -> str:
    sizes = sorted(args.sizes)
    _ensure_rows(sizes[-1])
    load_before = os.getloadavg()
    results = {}
    for rows in sizes:
        for method, _label in METHODS:
            if method == "import_export" and rows > args.import_export_max:
                continue
            results[(method, rows)] = _measure(method, rows)
            print(method, rows, results[(method, rows)], file=sys.stderr)
    table_rows = []
    for method, label in METHODS:
        for rows in sizes:
            r = results.get((method, rows))
            if r is None:
                table_rows.append([label, f"{rows:,}", "not run", "", "", ""])
                continue
            floor = results[("copy", rows)]
            table_rows.append(
                [
                    label,
                    f"{rows:,}",
                    f"{r['seconds']:.2f}",
                    f"{r['seconds'] / floor['seconds']:.1f}×",
                    f"{r['peak_mb']:.0f}",
                    f"{r['bytes'] / 1e6:.1f}",
                ]
            )
    memory = []
    if len(sizes) >= 2:
        for method, label in METHODS:
            small, large = results.get((method, sizes[0])), results.get((method, sizes[-1]))
            if small and large:
                growth = (large["peak_mb"] - small["peak_mb"]) / small["peak_mb"] * 100
                memory.append([label, f"{growth:+.0f} %"])
    note = f"Load average (1, 5, 15 min) before the exports: {_load(load_before)}; after: " + (
        f"{_load(os.getloadavg())}.\n\n"
    )
    if args.import_export_max < sizes[-1]:
        note += (
            f"django-import-export was run up to {args.import_export_max:,} rows only (about 20 "
            "minutes at 1,000,000 rows on this machine). Its 1,000,000-row figure comes from an "
            "earlier run, on the audit trail (8 columns, not candidates, load average 7-12): "
            "233.5 s, 81.8× COPY, peak 914 MB (+465 % over 100,000 rows): it holds every row "
            "in memory.\n\n"
        )
    heading = (
        f"### Exports of {' and '.join(f'{n:,}' for n in sizes)} rows of `{args.dataset}`\n\n"
        f"Measured {time.strftime('%Y-%m-%d')}. Reproduce this part alone: `.venv/bin/python "
        f"benchmarks/bench_research.py --dataset {args.dataset} --sizes "
        f"{' '.join(map(str, sizes))} --import-export-max {args.import_export_max}` "
        "(it keeps the dashboard section of the previous run).\n\n"
    )
    body = (
        heading
        + note
        + (
            f"Data set `{args.dataset}` (identified columns of `research/datasets.py`); each export in "
            "its own process, time measured inside it (Django start-up excluded), peak resident "
            "memory of the whole process by /usr/bin/time.\n\n"
            + harness.table(
                ["method", "rows", "seconds", "vs COPY", "peak MB", "file MB"], table_rows
            )
        )
    )
    if memory:
        body += (
            f"\n\nPeak memory from {sizes[0]:,} to {sizes[-1]:,} rows (constant memory means "
            "close to 0 %):\n\n" + harness.table(["method", "growth"], memory)
        )
    return body


if args.one:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cigem.settings")
    for key, value in harness.BENCH_ENV.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    Path(os.environ["BENCH_RESULT"]).write_text(
        json.dumps(_run_one(args.one, args.dataset, args.rows))
    )
else:
    harness.main(run)
