"""Diaspora benchmark: matching one need and the staff directory on 200,000 members, against
the trivial-view floor, with the SQL query count of each page.

.venv/bin/python benchmarks/bench_diaspora.py [--members 200000] [--seconds 10]
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--members", type=int, default=200_000)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--connections", type=int, default=2)
args = parser.parse_args()


def run():
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from diaspora.matching import need_matches
    from diaspora.models import Member, Need

    have = Member.objects.count()
    if have < args.members:
        seconds, _ = harness.timed(
            harness.generate,
            diaspora_members=args.members - have,
            diaspora_needs=0 if Need.objects.exists() else 8,
            stdout=sys.stderr,
        )
        print(f"generated {args.members - have} members in {seconds:.1f} s", file=sys.stderr)
    counsellor = User.objects.filter(email="bench-counsellor@cigem.test").first() or user_create(
        email="bench-counsellor@cigem.test",
        full_name="Bench Counsellor",
        password=None,
        roles=[Role.COUNSELLOR],
    )
    # The need with the most candidates (sector or shared skill) is the hardest to match.
    need = max(Need.objects.prefetch_related("skills"), key=lambda n: n.skills.count())
    candidates = Member.objects.filter(sector=need.sector).count()
    matched = len(need_matches(need, cached=False))
    # The ranking alone, in this process, never from the cache: less exposed to the machine's
    # load than wrk, and what the first view of a need costs.
    timings = sorted(harness.timed(need_matches, need, cached=False)[0] * 1000 for _ in range(7))
    warm = sorted(harness.timed(need_matches, need)[0] * 1000 for _ in range(7))
    proposal = _proposal()
    exports = _exports()
    load_before = Path("/proc/loadavg").read_text().split()[0]
    cookie = harness.session_cookie(counsellor)
    # The cursor of the 10,000th newest member: "page 401" of the unfiltered directory.
    deep = Member.objects.order_by("-updated_at", "-id").only("updated_at")[9_999]
    deep_cursor = quote(f"{deep.updated_at.isoformat()}_{deep.pk}")
    pages = [
        ("trivial view `/ping` (floor)", "/ping", ""),
        ("home page, anonymous (foundation, for scale under the same load)", "/", ""),
        ("public page: counts by country and sector (cached)", "/diaspora/", ""),
        ("matching one need, HTML page (50 best, reasons)", f"/diaspora/needs/{need.pk}/", cookie),
        ("matching one need, API", f"/api/v1/diaspora/needs/{need.pk}/matches/", cookie),
        ("need list, with the count of proposals waiting", "/diaspora/needs/", cookie),
        (
            "a need proposed by an institution (review box, no ranking)",
            f"/diaspora/needs/{proposal.pk}/",
            cookie,
        ),
        ("directory, no filter, 25 newest", "/diaspora/members/", cookie),
        (
            "directory, 10,000 rows down (cursor, page 401)",
            f"/diaspora/members/?after={deep_cursor}",
            cookie,
        ),
        ("directory, sector + country", "/diaspora/members/?sector=ict&country=FR", cookie),
        (
            "directory, skill + language + availability",
            "/diaspora/members/?skill=cyber&language=en&availability=remote",
            cookie,
        ),
        ("directory, name search `q=kon` (common)", "/diaspora/members/?q=kon", cookie),
        ("directory, name search `q=zzq` (no match)", "/diaspora/members/?q=zzq", cookie),
        (
            "directory API, sector + country",
            "/api/v1/diaspora/members/?sector=health&country=CI",
            cookie,
        ),
    ]
    with harness.gunicorn(workers=2) as base:
        harness.wrk(f"{base}/ping", seconds=2)  # warm-up
        # As many connections as workers: with more, requests only queue behind the slow ones
        # and hit wrk's 2 s timeout on this shared machine, which measures the queue, not the page.
        results = [
            (
                label,
                path,
                harness.wrk(
                    base + path,
                    seconds=args.seconds,
                    cookie=c,
                    connections=args.connections,
                    threads=1,
                ),
            )
            for label, path, c in pages
        ]
    load_after = Path("/proc/loadavg").read_text().split()[0]
    floor = results[0][2]
    rows = []
    for label, path, r in results:
        _status, queries = harness.query_count(path, counsellor if "diaspora" in path else None)
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
        f"gunicorn 2 sync workers, wrk 1 thread × {args.connections} connections × "
        f"{args.seconds} s per page (floor included); "
        f"{Member.objects.count():,} members; the need matched is in sector `{need.sector}` "
        f"({candidates:,} members share the sector, {need.skills.count()} skills asked), "
        f"{matched} best shown. Ranking one need in-process, not cached (3 queries): median "
        f"{timings[3]:.0f} ms, best {timings[0]:.0f} ms of 7; from the one-minute ranking "
        f"cache (2 queries + 1 cache read): median {warm[3]:.0f} ms. The matching pages below "
        "are served from that cache after their first request, as when staff reload a need "
        "while shortlisting. Load average on the 2 cores: "
        f"{load_before} before, {load_after} after (other engineers' tests share the "
        "machine; ratios, not absolute figures, are what to compare).\n\n"
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
        + "\n\n'cost vs floor' is the floor's requests/s divided by the page's. Query counts come "
        "from one warm request in-process and do not depend on the number of members: matching "
        "filters and scores in one SQL statement and only the best 50 rows leave PostgreSQL "
        "(cached a minute per need); the directory never counts, reads the skills and languages "
        "of its 25 rows in one query, resolves a skill filter to ids first (+1 query), and a "
        "name search with few matches asks the trigram indexes (+1 query)."
    )
    body += (
        "\n\nExports of the directory (research's `diaspora_members` data set with the "
        "directory's filters, run in-process as the worker runs them, identified CSV, one run "
        "each):\n\n"
        + harness.table(
            ["filters", "rows", "seconds", "vs the unfiltered export"],
            [
                [label, f"{rows:,}", f"{seconds:.2f}", f"{seconds / exports[0][2]:.2f}×"]
                for label, rows, seconds in exports
            ],
        )
    )
    harness.write_results(
        "diaspora",
        "Diaspora: matching and directory on 200,000 members",
        body,
        ".venv/bin/python benchmarks/bench_diaspora.py --members 200000",
    )
    print(body)


def _proposal():
    """A need proposed by an institution, waiting for review (made once)."""
    from diaspora.models import Need

    need = Need.objects.filter(status="proposed").first()
    if need is None:
        need = Need.objects.create(
            title="Bench proposal",
            institution="Bench institution",
            sector="health",
            kind="remote",
            status="proposed",
            origin="institution",
            contact_name="Bench",
            contact_email="bench@institution.test",
        )
    return need


def _exports():
    """(label, rows, seconds) of the directory's export with some of its filters."""
    import tempfile

    from django.test import override_settings

    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from research.services import export_request, export_run

    manager = User.objects.filter(email="bench-manager@cigem.test").first() or user_create(
        email="bench-manager@cigem.test",
        full_name="Bench Manager",
        password=None,
        roles=[Role.MANAGER],
    )
    cases = [
        ("none (every confirmed member)", {}),
        ("sector + country", {"sector": "ict", "country": "FR"}),
        (
            "skill + language + availability",
            {"skill": "cyber", "language": "en", "availability": "remote"},
        ),
        ("name or occupation `kon`", {"q": "kon"}),
    ]
    out = []
    with tempfile.TemporaryDirectory() as root, override_settings(RESEARCH_FILES_ROOT=root):
        for label, filters in cases:
            job = export_request(
                user=manager,
                dataset="diaspora_members",
                format="csv",
                filters=filters,
                anonymised=False,
            )
            seconds, job = harness.timed(export_run, job_id=job.pk)
            job.refresh_from_db()
            assert job.status == "done", job.failure_reason
            out.append((label, job.rows, seconds))
    return out


harness.main(run)
