"""Legal information benchmark: 2,000 pathways in three languages; list, page, search, API.

.venv/bin/python benchmarks/bench_legal.py [--pathways 2000] [--seconds 4] [--rounds 3]

Each page is measured against the floor (the trivial view `/ping`) in alternating rounds, and
the ratio of each round is taken against the floor measured just before it: on a machine
shared with other builds the load drifts within a minute, and a floor measured once at the
start made ratios move by ±50 % between runs.
"""

import argparse
import io
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--pathways", type=int, default=2000)
parser.add_argument("--seconds", type=int, default=4, help="per page and per floor run")
parser.add_argument("--rounds", type=int, default=3)
args = parser.parse_args()


def built_cost(path: str) -> tuple[int, float]:
    """SQL queries and milliseconds of one request that builds the page (caches emptied)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from legal.caching import forget_local

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # warm Django's own lazies
    cache.clear()
    forget_local()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return len(ctx.captured_queries), (time.perf_counter() - started) * 1000


def in_process_cpu_us(paths: list[str], repeat: int = 200, rounds: int = 7) -> dict:
    """CPU microseconds per request through the WSGI application in this process, as a
    first-time anonymous visitor (no cookie), from the cache: no network, no other worker.

    CPU time of this process, not wall time, so the other builds on the machine do not count;
    the floor is measured again before each page's round. Returns path -> (floor, page)."""
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()

    def call(path):
        parts = urlsplit(path)
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
        }
        b"".join(app(environ, lambda status, headers, exc_info=None: None))

    def cpu(path):
        started = time.process_time()
        for _ in range(repeat):
            call(path)
        return (time.process_time() - started) / repeat * 1e6

    out = {}
    for path in paths:
        for _ in range(30):
            call("/ping")
            call(path)
        floors, pages = [], []
        for _ in range(rounds):
            floors.append(cpu("/ping"))
            pages.append(cpu(path))
        out[path] = (statistics.median(floors), statistics.median(pages))
    return out


def gap_parts(path: str) -> list[tuple[str, float]]:
    """CPU microseconds of what a cached page does that the floor does not, part by part."""
    from django.http import HttpResponse
    from django.middleware.csrf import CsrfViewMiddleware
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation

    from legal.caching import visitor_csrf_token

    def cpu(fn, n=3000):
        best = float("inf")
        for _ in range(5):
            started = time.process_time()
            for _ in range(n):
                fn()
            best = min(best, (time.process_time() - started) / n * 1e6)
        return best

    factory = RequestFactory(HTTP_HOST="127.0.0.1")
    match = resolve(path)
    translation.activate("fr")
    match.func(factory.get(path), *match.args, **match.kwargs)  # fill the cache
    request_only = cpu(lambda: factory.get(path))

    def with_token():
        request = factory.get(path)
        visitor_csrf_token(request)

    def view():
        match.func(factory.get(path), *match.args, **match.kwargs)

    middleware = CsrfViewMiddleware(lambda request: HttpResponse())

    def cookie():
        request = factory.get(path)
        request.META.update(CSRF_COOKIE="a" * 32, CSRF_COOKIE_NEEDS_UPDATE=True)
        response = middleware.process_response(request, HttpResponse())
        [c.output(header="") for c in response.cookies.values()]  # as the WSGI handler does

    def no_cookie():
        factory.get(path)
        HttpResponse()

    translation.deactivate()
    view_cost = cpu(view) - request_only
    floor_view = cpu(lambda: HttpResponse("ok", content_type="text/plain"))
    token = cpu(with_token) - request_only
    return [
        (
            "URL resolution (the floor's `/ping` is the 2nd pattern)",
            cpu(lambda: resolve(path)) - cpu(lambda: resolve("/ping")),
        ),
        ("the view, minus the floor's view", view_cost - floor_view),
        ("  of which the CSRF token", token),
        ("the CSRF cookie, set and written in the headers", cpu(cookie) - cpu(no_cookie)),
    ]


def run():
    from legal.models import Pathway

    # The public API's anonymous rate limit would answer 429 to wrk: lift it for this run.
    os.environ["LEGAL_PUBLIC_API_RATE"] = "1000000/second"
    from django.conf import settings

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["legal_public"] = "1000000/second"

    have = Pathway.objects.filter(slug__startswith="synthetique-parcours-").count()
    if have < args.pathways:
        seconds, _ = harness.timed(
            harness.generate, legal_pathways=args.pathways, stdout=sys.stderr
        )
        print(f"generated {args.pathways} pathways in {seconds:.1f} s")
    sample = Pathway.objects.filter(slug__startswith="synthetique-parcours-").order_by("pk")[
        args.pathways // 2
    ]
    q = quote("travail saisonnier espagne")
    pages = [
        ("legal home: countries, goals, guides", "/legal/"),
        ("list by goal (work), 25 of ~800", "/legal/goals/work/"),
        ("list by country, 25", f"/legal/countries/{sample.destination.slug}/"),
        ("pathway page (seed content)", "/legal/pathways/espagne-saisonnier-circulaire/"),
        ("pathway page (synthetic, 3 languages)", sample.get_absolute_url()),
        ("guide page", "/legal/guides/dangers-routes-irregulieres/"),
        ("search page, 3 words", f"/legal/search/?q={q}"),
        ("API search, 3 words, lang=en", f"/api/v1/legal/pathways/?q={q}&lang=en"),
        ("API list by country", f"/api/v1/legal/pathways/?country={sample.destination.slug}"),
        ("API pathway detail, lang=en", f"/api/v1/legal/pathways/{sample.slug}/?lang=en"),
    ]
    load_before = os.getloadavg()
    floor_path = "/ping"
    measured = []
    with harness.gunicorn(workers=2) as base:
        harness.wrk(f"{base}{floor_path}", seconds=2)  # warm-up
        for label, path in pages:
            with urllib.request.urlopen(base + path) as response:
                size = len(response.read())
            harness.wrk(base + path, seconds=1)  # fills the page cache, as real traffic would
            rounds = []
            for _ in range(args.rounds):
                floor = harness.wrk(base + floor_path, seconds=args.seconds)
                page = harness.wrk(base + path, seconds=args.seconds)
                rounds.append((floor, page))
            measured.append((label, path, size, rounds))
    load_after = os.getloadavg()

    cpu = in_process_cpu_us([path for _label, path, _size, _rounds in measured])
    floor_us = statistics.median(floor for floor, _page in cpu.values())
    rows = []
    all_floor = [f["rps"] for *_, rounds in measured for f, _p in rounds]
    rows.append(
        [
            "trivial view `/ping` (floor)",
            f"{statistics.median(all_floor):,.0f}",
            "1.0×",
            "—",
            "2",
            f"{floor_us:,.0f}",
            "1.0×",
            0,
            "—",
        ]
    )
    for label, path, size, rounds in measured:
        ratios = sorted(f["rps"] / p["rps"] for f, p in rounds)
        page_rps = statistics.median(p["rps"] for _f, p in rounds)
        p95 = statistics.median(p["p95"] for _f, p in rounds)
        errors = sum(p["errors"] for _f, p in rounds)
        floor_cpu, us = cpu[path]
        queries, built_ms = built_cost(path)
        rows.append(
            [
                label,
                f"{page_rps:,.0f}",
                f"{statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})",
                f"{p95:.1f}",
                f"{size:,}",
                f"{us:,.0f}",
                f"{us / floor_cpu:.2f}×",
                queries,
                f"{built_ms:.0f}" + (f" ({errors} errors)" if errors else ""),
            ]
        )
    guide = "/legal/guides/dangers-routes-irregulieres/"
    parts = gap_parts(guide)
    floor_cpu, guide_cpu = cpu[guide]
    gap = (
        f"What the gap is made of, for the guide page (CPU µs in-process, floor {floor_cpu:.0f}, "
        f"page {guide_cpu:.0f}, gap {guide_cpu - floor_cpu:.0f}): "
        + "; ".join(f"{name.strip()} {value:.0f}" for name, value in parts)
        + ". The rest is spread over the middleware's response path, which handles a page of "
        "several KB with a cookie where the floor returns two bytes."
    )
    load = (
        f"load average {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f} at "
        f"the start, {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f} at the end"
    )
    body = (
        f"gunicorn 2 sync workers, wrk 2 threads × 8 connections; {Pathway.objects.count():,} "
        "pathways, each with every text field in French, English and Bambara; "
        f"{load} (2 cores).\n\n"
        + harness.table(
            [
                "page",
                "requests/s (median)",
                "cost vs floor: median (min–max)",
                "p95 ms",
                "bytes",
                "CPU µs in-process",
                "in-process vs floor",
                "SQL queries (miss)",
                "ms to build (miss)",
            ],
            rows,
        )
        + f"\n\n'cost vs floor' is `/ping`'s requests/s divided by the page's, in {args.rounds} "
        f"rounds of {args.seconds} s each, the floor measured just before the page in every "
        "round (the load of the shared machine drifts): median, and the range. "
        "'CPU µs in-process' is the CPU time of one request through "
        "the WSGI application in the benchmark's own process, as a first-time visitor without "
        "cookies (no network, no other worker; median of 7 × 200 requests, the floor measured "
        "again before each): the cost of the code alone, insensitive to the machine's load. Pages and the public API are measured as visitors get them: a "
        "visitor without a session gets the whole response from a two-level cache (process "
        "memory, then Redis), its CSRF token written in; the API its rendered JSON "
        "(legal/caching.py). The last two columns are the cost of a miss: one request "
        "in-process with both cache levels emptied. Lists read one page without COUNT, so they "
        "cost the same queries at any size (tests/legal/test_pages.py).\n\n" + gap
    )
    harness.write_results(
        "legal",
        "Legal information: pathways, guides and search",
        body,
        "make bench BENCH=legal  (or .venv/bin/python benchmarks/bench_legal.py)",
    )
    print(body)


harness.main(run)
