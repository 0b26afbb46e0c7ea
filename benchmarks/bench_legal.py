"""Legal information benchmark: 2,000 pathways in three languages; list, page, search, API.

.venv/bin/python benchmarks/bench_legal.py [--pathways 2000] [--seconds 10]
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--pathways", type=int, default=2000)
parser.add_argument("--seconds", type=int, default=10)
args = parser.parse_args()


def built_cost(path: str) -> tuple[int, float]:
    """SQL queries and milliseconds of one request that builds the page (caches emptied)."""
    import time

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


def run():
    import os

    from legal.models import Pathway

    # The public API's anonymous rate limit would answer 429 to wrk: lift it for this run.
    os.environ["LEGAL_PUBLIC_API_RATE"] = "1000000/second"

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
        ("trivial view `/ping` (floor)", "/ping"),
        ("legal home: countries, goals, guides", "/legal/"),
        ("list by goal (work), 25 of ~800", "/legal/goals/work/"),
        ("list by country, 25", f"/legal/countries/{sample.destination.slug}/"),
        ("pathway page (seed content)", "/legal/pathways/espagne-saisonnier-circulaire/"),
        ("pathway page (synthetic)", sample.get_absolute_url()),
        ("search page, 3 words", f"/legal/search/?q={q}"),
        ("API search, 3 words, lang=en", f"/api/v1/legal/pathways/?q={q}&lang=en"),
        ("API list by country", f"/api/v1/legal/pathways/?country={sample.destination.slug}"),
    ]
    with harness.gunicorn(workers=2) as base:
        harness.wrk(f"{base}/ping", seconds=2)  # warm-up
        results = []
        for label, path in pages:
            harness.wrk(base + path, seconds=1)  # fills the page cache, as real traffic would
            results.append((label, path, harness.wrk(base + path, seconds=args.seconds)))
    floor = results[0][2]
    rows = []
    for label, path, r in results:
        queries, built_ms = built_cost(path)
        rows.append(
            [
                label,
                f"{r['rps']:,.0f}",
                f"{floor['rps'] / r['rps']:.1f}×",
                f"{r['p50']:.1f}",
                f"{r['p95']:.1f}",
                f"{r['p99']:.1f}",
                r["errors"],
                queries,
                f"{built_ms:.0f}",
            ]
        )
    body = (
        f"gunicorn 2 sync workers, wrk 2 threads × 8 connections × {args.seconds} s per page; "
        f"{Pathway.objects.count():,} pathways, each with every text field in French, English "
        "and Bambara.\n\n"
        + harness.table(
            [
                "page",
                "requests/s",
                "cost vs floor",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "errors",
                "SQL queries (miss)",
                "ms to build (miss)",
            ],
            rows,
        )
        + "\n\n'cost vs floor' is the floor's requests/s divided by the page's. Pages and the "
        "public API are measured as visitors get them: their content comes from a two-level "
        "cache (process memory, then Redis) until something is published, so a hit runs no SQL "
        "(legal/caching.py). The last two columns are the cost of a miss: one request "
        "in-process with both cache levels emptied. Lists read one page without COUNT, so they "
        "cost the same queries at any size (tests/legal/test_pages.py). The machine was shared "
        "with other builds during the run: ratios move by ±50 % between runs."
    )
    harness.write_results(
        "legal",
        "Legal information: pathways, guides and search",
        body,
        "make bench BENCH=legal  (or .venv/bin/python benchmarks/bench_legal.py)",
    )
    print(body)


harness.main(run)
