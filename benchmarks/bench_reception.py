"""Reception benchmark: duplicate lookup against an exact phone lookup; desk pages against /ping.

.venv/bin/python benchmarks/bench_reception.py [--candidates 1000000] [--visits 5000000]
    [--seconds 10] [--lookups 300]

Also reports the labelled pairs' recall and precision, and the end-to-end recall of the
database search (blocking + score) with the labelled records hidden among all the others.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--candidates", type=int, default=1_000_000)
parser.add_argument("--visits", type=int, default=5_000_000)
parser.add_argument("--seconds", type=int, default=10)
parser.add_argument("--lookups", type=int, default=300)
args = parser.parse_args()

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "reception" / "data"
PAIRS = PAIRS / "duplicate_pairs.csv"
VARIANTS = {
    "Coulibaly": "Kulibali",
    "Diakité": "Jakite",
    "Ouattara": "Wattara",
    "Cissé": "Sissé",
    "Traoré": "Traore",
    "Keïta": "Keita",
    "Moussa": "Musa",
    "Mamadou": "Mamadu",
    "Fatoumata": "Fatumata",
}


def _p95(values):
    return statistics.quantiles(values, n=20)[-1]


def _person(row, side):
    from reception.names import Person

    born = row[f"{side}_birth_date"]
    year = row[f"{side}_birth_year"]
    return Person(
        last_name=row[f"{side}_last_name"],
        first_name=row[f"{side}_first_name"],
        sex=row[f"{side}_sex"],
        birth_date=date.fromisoformat(born) if born else None,
        birth_year=int(year) if year else None,
        phone=row[f"{side}_phone"],
        nina=row[f"{side}_nina"],
    )


def labelled_quality():
    from reception.names import DEFAULT_THRESHOLD, score

    with PAIRS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    tp = fp = fn = 0
    for row in rows:
        predicted = score(_person(row, "a"), _person(row, "b")).score >= DEFAULT_THRESHOLD
        truth = row["label"] == "1"
        tp += predicted and truth
        fp += predicted and not truth
        fn += truth and not predicted
    return rows, tp / (tp + fn), tp / (tp + fp)


def end_to_end_recall(rows):
    """Insert each positive pair's first record, search with the second, among all rows."""
    from reception.selectors import duplicate_search
    from reception.services import candidate_create

    found = anywhere = total = 0
    for row in rows:
        if row["label"] != "1":
            continue
        a = _person(row, "a")
        record = candidate_create(
            actor=None,
            check_duplicates=False,
            last_name=a.last_name,
            first_name=a.first_name,
            sex=a.sex,
            birth_date=a.birth_date,
            birth_year=a.birth_year,
            phone=a.phone,
            nina=a.nina,
        )
        total += 1
        matches = duplicate_search(_person(row, "b"), limit=1000)
        ids = [m.candidate.pk for m in matches]
        found += record.pk in ids[:10]
        anywhere += record.pk in ids
        record.delete()
    return found / total, anywhere / total, total


def lookups():
    """p50/p95 of the duplicate search and of an exact phone lookup, same sampled people."""
    from reception.models import Candidate
    from reception.names import Person
    from reception.selectors import duplicate_search

    rng = random.Random(7)
    high = Candidate.objects.order_by("-id").values_list("id", flat=True).first()
    sample = []
    while len(sample) < args.lookups:
        row = (
            Candidate.objects.filter(id__gte=rng.randrange(1, high + 1))
            .exclude(phone="")
            .order_by("id")
            .only("last_name", "first_name", "sex", "birth_year", "phone")
            .first()
        )
        if row:
            sample.append(row)
    dup_times, phone_times = [], []
    for row in sample:
        person = Person(
            last_name=VARIANTS.get(row.last_name, row.last_name),
            first_name=VARIANTS.get(row.first_name, row.first_name),
            sex=row.sex,
            birth_year=row.birth_year,
        )
        started = time.perf_counter()
        duplicate_search(person)
        dup_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        list(Candidate.objects.filter(phone=row.phone).only("id", "code")[:10])
        phone_times.append((time.perf_counter() - started) * 1000)
    return dup_times, phone_times


def cpu_breakdown(counsellor, record: int, repeat: int = 100) -> list[list]:
    """Median CPU time of one request, in-process, from the bare floor up to the desk pages.

    CPU time, not wall time: on a shared machine the wall clock measures the neighbours. Each
    step adds one layer, so the differences say what the gap between /ping and a page is made
    of: the session and user, the role check, the base template, then the page itself.
    """
    from types import ModuleType

    from django.http import HttpResponse
    from django.template import engines
    from django.test import Client, override_settings
    from django.urls import include, path

    from cigem.permissions import role_required
    from reception.views import DESK

    base = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<p>-</p>{% endblock %}'
    )

    def plain(request):
        return HttpResponse("ok", content_type="text/plain")

    @role_required(*DESK)
    def role_checked(request):
        return HttpResponse("ok", content_type="text/plain")

    @role_required(*DESK)
    def base_only(request):
        return HttpResponse(base.render({}, request))

    urls = ModuleType("bench_reception_urls")  # a URLconf need not be a file
    urls.urlpatterns = [
        path("bench/plain", plain),
        path("bench/role", role_checked),
        path("bench/base", base_only),
        path("", include("cigem.urls")),
    ]
    steps = [
        ("`/ping`, anonymous", "/ping", False),
        ("`/ping` with a session (session and user loaded by middleware)", "/bench/plain", True),
        ("+ role check (the roles come with the user's row)", "/bench/role", True),
        ("+ base template (menu, language switcher, footer)", "/bench/base", True),
        ("candidate list, newest first", "/accueil/candidats/", True),
        (
            "candidate list, profile filter, sorted by name",
            "/accueil/candidats/?profile=returnee_forced&sort=name",
            True,
        ),
        ("candidate list, page 200", "/accueil/candidats/?page=200", True),
        ("candidate list, name search", "/accueil/candidats/?q=Moussa+Traor%C3%A9", True),
        ("record page", f"/accueil/candidats/{record}/", True),
    ]
    rows = []
    with override_settings(ROOT_URLCONF=urls):
        anonymous = Client(HTTP_HOST="127.0.0.1")
        logged_in = Client(HTTP_HOST="127.0.0.1")
        logged_in.force_login(counsellor)
        logged_in.cookies["django_language"] = "fr"
        floor = page_floor = None
        for label, url, auth in steps:
            client = logged_in if auth else anonymous
            for _ in range(3):
                client.get(url)
            times = []
            for _ in range(repeat):
                started = time.process_time()
                client.get(url)
                times.append((time.process_time() - started) * 1000)
            median = statistics.median(times)
            floor = floor or median
            if url == "/bench/base":
                page_floor = median
            rows.append(
                [
                    label,
                    f"{median:.2f}",
                    f"{median / floor:.1f}×",
                    f"{median / page_floor:.1f}×" if page_floor else "",
                ]
            )
    return rows


def run():
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from reception.models import Candidate, Visit

    have_candidates = Candidate.objects.count()
    have_visits = Visit.objects.count()
    if have_candidates < args.candidates or have_visits < args.visits:
        seconds, _ = harness.timed(
            harness.generate,
            staff=0 if User.objects.filter(email__endswith="@cigem.test").exists() else 20,
            candidates=max(args.candidates - have_candidates, 0),
            visits=max(args.visits - have_visits, 0),
            stdout=sys.stderr,
        )
        print(f"generated data in {seconds:.0f} s", file=sys.stderr)
    counsellor = User.objects.filter(email="bench-counsellor@cigem.test").first() or user_create(
        email="bench-counsellor@cigem.test",
        full_name="Bench Counsellor",
        password=None,
        roles=[Role.COUNSELLOR],
    )
    rows, recall, precision = labelled_quality()
    e2e_recall, e2e_any, positives = end_to_end_recall(rows)
    dup_times, phone_times = lookups()

    record = Candidate.objects.order_by("-id").values_list("id", flat=True)[1000]
    # Page 200 as its Next link gives it: the position of page 199's last row.
    from cigem.pagination import encode_position
    from reception.selectors import CandidateRows

    newest = CandidateRows()
    after = encode_position(newest.position(newest[199 * 25 - 1 : 199 * 25][0]))
    cookie = harness.session_cookie(counsellor)
    pages = [
        ("trivial view `/ping` (floor)", "/ping", ""),
        ("`/ping` signed in (session and person read, no page)", "/ping", cookie),
        ("candidate list, newest first", "/accueil/candidats/", cookie),
        (
            "candidate list, profile filter, sorted by name",
            "/accueil/candidats/?profile=returnee_forced&sort=name",
            cookie,
        ),
        (
            "candidate list, page 200 by its Next link",
            f"/accueil/candidats/?page=200&after={after}",
            cookie,
        ),
        (
            "candidate list, page 200 typed as `?page=200` (offset)",
            "/accueil/candidats/?page=200",
            cookie,
        ),
        ("candidate list, name search", "/accueil/candidats/?q=Moussa+Traor%C3%A9", cookie),
        ("record page (writes an audit event)", f"/accueil/candidats/{record}/", cookie),
        (
            "API duplicates",
            "/api/v1/candidates/duplicates/?last_name=Kulibali&first_name=Musa&birth_year=1990",
            cookie,
        ),
    ]
    breakdown = cpu_breakdown(counsellor, record)
    with harness.gunicorn(workers=2) as base:
        harness.wrk(f"{base}/ping", seconds=2)
        results = [
            (label, path, harness.wrk(base + path, seconds=args.seconds, cookie=c))
            for label, path, c in pages
        ]
    floor, signed_in = results[0][2], results[1][2]
    page_rows = []
    for (label, path, r), (_label, _path, c) in zip(results, pages, strict=True):
        _status, queries = harness.query_count(path, counsellor if c else None)
        page_rows.append(
            [
                label,
                f"{r['rps']:,.0f}",
                f"{floor['rps'] / r['rps']:.1f}×",
                f"{signed_in['rps'] / r['rps']:.1f}×" if c else "",
                f"{r['p50']:.1f}",
                f"{r['p95']:.1f}",
                r["errors"],
                queries,
            ]
        )
    dup_p95, phone_p95 = _p95(dup_times), _p95(phone_times)
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    body = f"""{Candidate.objects.count():,} candidates, {Visit.objects.count():,} visits.
Load average (1, 5, 15 min) when the page measures ended: {load} on {os.cpu_count()} cores
(the machine is shared with other engineers' builds and benchmarks).

**Duplicate detection quality** (labelled set `tests/reception/data/duplicate_pairs.csv`,
{len(rows)} pairs, default threshold): recall **{recall:.3f}**, precision **{precision:.3f}**.
End to end through the database (each positive pair's first record hidden among all the rows,
searched with the second, {positives} pairs): among the 10 shown **{e2e_recall:.3f}**; above the
threshold at any rank **{e2e_any:.3f}**. The synthetic table draws from 45 family names and about
30 given names, so a name and a birth year alone match dozens of equally likely namesakes at a
million rows; the pairs given with a phone or a full date of birth rank first.

**Duplicate lookup vs exact indexed phone lookup** ({len(dup_times)} sampled people, their names
respelled as a second counsellor would, in-process, warm connection):

{
        harness.table(
            ["lookup", "p50 ms", "p95 ms", "p95 vs phone"],
            [
                [
                    "exact phone (`phone = %s`, btree)",
                    f"{statistics.median(phone_times):.2f}",
                    f"{phone_p95:.2f}",
                    "1×",
                ],
                [
                    "duplicate search (blocking + trigram + score)",
                    f"{statistics.median(dup_times):.2f}",
                    f"{dup_p95:.2f}",
                    f"{dup_p95 / phone_p95:.1f}×",
                ],
            ],
        )
    }

**Desk pages against the trivial view** (gunicorn 2 sync workers, wrk 2 threads × 8
connections × {args.seconds} s each; query counts from one warm request in-process). The floor
is the anonymous `/ping`; the second floor is the same view with the counsellor's session
cookie, so it pays what every signed-in request pays before the page's own work (the session
with the person and their roles, one query):

{
        harness.table(
            [
                "page",
                "requests/s",
                "cost vs floor",
                "vs signed-in floor",
                "p50 ms",
                "p95 ms",
                "errors",
                "SQL queries",
            ],
            page_rows,
        )
    }

**What the gap is made of** (CPU time of one request in-process, median of 100, Django test
client; each line adds one layer to the one above):

{harness.table(["request", "CPU ms", "vs anonymous /ping", "vs logged-in base page"], breakdown)}
"""
    harness.write_results(
        "reception",
        "Reception: duplicate lookup and desk pages",
        body,
        ".venv/bin/python benchmarks/bench_reception.py "
        f"--candidates {args.candidates} --visits {args.visits}",
    )
    print(body)


harness.main(run)
