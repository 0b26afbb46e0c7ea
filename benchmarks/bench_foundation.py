"""Foundation benchmark: the trivial-view floor, and the pages of the foundation against it.

.venv/bin/python benchmarks/bench_foundation.py [--audit-events 1000000] [--seconds 10]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--audit-events", type=int, default=1_000_000)
parser.add_argument("--seconds", type=int, default=10)
args = parser.parse_args()


def run():
    from accounts.models import AuditEvent, User
    from accounts.roles import Role
    from accounts.services import user_create

    have = AuditEvent.objects.count()
    if have < args.audit_events:
        seconds, _ = harness.timed(
            harness.generate, audit_events=args.audit_events - have, stdout=sys.stderr
        )
        print(f"generated {args.audit_events - have} audit events in {seconds:.1f} s")
    manager = User.objects.filter(email="bench-manager@cigem.test").first() or user_create(
        email="bench-manager@cigem.test",
        full_name="Bench Manager",
        password=None,
        roles=[Role.MANAGER],
    )
    cookie = harness.session_cookie(manager)
    pages = [
        ("trivial view `/ping` (floor)", "/ping", ""),
        ("health check `/healthz` (database + broker)", "/healthz", ""),
        ("home page, anonymous", "/", ""),
        ("audit trail, manager, 50 rows of the newest", "/accounts/audit/", cookie),
        ("audit trail filtered by action, manager", "/accounts/audit/?action=view", cookie),
        ("API audit events, manager", "/api/v1/audit-events/", cookie),
    ]
    rows = []
    with harness.gunicorn(workers=2) as base:
        harness.wrk(f"{base}/ping", seconds=2)  # warm-up
        results = [
            (label, path, harness.wrk(base + path, seconds=args.seconds, cookie=c))
            for label, path, c in pages
        ]
    floor = results[0][2]
    for label, path, r in results:
        _status, queries = harness.query_count(path, manager if "audit" in path else None)
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
            ]
        )
    body = (
        f"gunicorn 2 sync workers, wrk 2 threads × 8 connections × {args.seconds} s per page; "
        f"{AuditEvent.objects.count():,} audit events in the table.\n\n"
        + harness.table(
            [
                "page",
                "requests/s",
                "cost vs floor",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "errors",
                "SQL queries",
            ],
            rows,
        )
        + "\n\n'cost vs floor' is the floor's requests/s divided by the page's (1× = as cheap as "
        "the trivial view). Query counts come from one warm request in-process; the audit "
        "pages read no COUNT, so they cost the same at any table size."
    )
    harness.write_results(
        "foundation",
        "Foundation: the trivial-view floor",
        body,
        "make bench BENCH=foundation  (or .venv/bin/python benchmarks/bench_foundation.py)",
    )
    print(body)


harness.main(run)
