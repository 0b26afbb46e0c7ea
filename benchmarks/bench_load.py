"""Load test: a mix of public browsing (80 %), counsellor work (15 %) and staff pages (5 %).

    .venv/bin/python benchmarks/bench_load.py [--seconds 300] [--connections 16]

gunicorn (2 workers × 4 threads) on PostgreSQL and Redis, seeded with the demo data plus
generated records; wrk picks each request's path and session from the weighted mix below.
Reports requests/s and p50/p95/p99 against the trivial view measured in the same run, and the
number of errors (any non-2xx/3xx answer or socket error), which must be zero.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=int, default=300)
parser.add_argument("--connections", type=int, default=16)
args = parser.parse_args()


def mix(cookies: dict[str, str]) -> list[tuple[str, str, int]]:
    """(path, cookie, weight). Weights within each group add up to the group's share."""
    public = [
        "/",
        "/accounts/login/",
    ]
    counsellor = [
        "/accounts/profile/",
    ]
    staff = [
        "/accounts/audit/",
        "/api/v1/audit-events/",
    ]
    rows = []
    for group, share, cookie in (
        (public, 80, ""),
        (counsellor, 15, cookies["counsellor"]),
        (staff, 5, cookies["manager"]),
    ):
        for path in group:
            rows.append((path, cookie, share * 100 // len(group)))
    return rows


LUA = (
    """
local entries = __ENTRIES__
local total = 0
for _, e in ipairs(entries) do total = total + e[3] end
math.randomseed(42)
request = function()
  local pick = math.random(total)
  for _, e in ipairs(entries) do
    pick = pick - e[3]
    if pick <= 0 then
      local headers = {}
      if e[2] ~= "" then headers["Cookie"] = e[2] end
      return wrk.format("GET", e[1], headers)
    end
  end
end
"""
    + harness.WRK_SCRIPT
)


def run_mix(base: str, entries) -> dict:
    table = "{" + ",".join(f"{{{json.dumps(p)},{json.dumps(c)},{w}}}" for p, c, w in entries) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.replace("__ENTRIES__", table))
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(args.connections),
        "-d",
        f"{args.seconds}s",
        "-s",
        script.name,
        "--timeout",
        "10s",
        base,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    data = json.loads(out.strip().splitlines()[-1])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000,
        "p95": data["p95"] / 1000,
        "p99": data["p99"] / 1000,
        "errors": data["errors"] + data["non2xx"],
        "requests": data["requests"],
    }


def run():
    from django.core.management import call_command

    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    people = {}
    for role in (Role.COUNSELLOR, Role.MANAGER):
        email = f"load-{role}@cigem.test"
        user = User.objects.filter(email=email).first() or user_create(
            email=email, full_name=f"Load {role}", password=None, roles=[role]
        )
        people[str(role)] = harness.session_cookie(user)
    entries = mix(people)
    with harness.gunicorn(workers=2, threads=4) as base:
        harness.wrk(f"{base}/ping", seconds=2)
        floor = harness.wrk(
            f"{base}/ping", seconds=min(args.seconds, 30), connections=args.connections
        )
        result = run_mix(base, entries)
    rows = [
        [
            "trivial view `/ping` (floor)",
            f"{floor['rps']:,.0f}",
            "1.0×",
            f"{floor['p50']:.1f}",
            f"{floor['p95']:.1f}",
            f"{floor['p99']:.1f}",
            floor["errors"],
            floor["requests"],
        ],
        [
            f"mixed load, {args.seconds} s",
            f"{result['rps']:,.0f}",
            f"{floor['rps'] / result['rps']:.1f}×",
            f"{result['p50']:.1f}",
            f"{result['p95']:.1f}",
            f"{result['p99']:.1f}",
            result["errors"],
            result["requests"],
        ],
    ]
    paths = "\n".join(f"- `{p}` weight {w}{' (logged in)' if c else ''}" for p, c, w in entries)
    body = (
        f"gunicorn 2 workers × 4 threads, wrk 2 threads × {args.connections} connections.\n\n"
        + harness.table(
            [
                "load",
                "requests/s",
                "cost vs floor",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "errors",
                "requests",
            ],
            rows,
        )
        + "\n\nThe mix (weights out of 10,000):\n\n"
        + paths
        + "\n"
    )
    harness.write_results(
        "load",
        "Load: public 80 %, counsellors 15 %, staff 5 %",
        body,
        "make bench BENCH=load  (5 minutes; --seconds to shorten)",
    )
    print(body)
    if result["errors"]:
        sys.exit(f"{result['errors']} errors under load")


harness.main(run)
