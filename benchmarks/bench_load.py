"""Load test: public browsing (80 %), counsellor work (15 %), staff pages and exports (5 %).

    .venv/bin/python benchmarks/bench_load.py [--seconds 300] [--connections 16]

gunicorn (2 workers × 4 threads) on PostgreSQL and Redis, seeded with the demo data plus
generated records of a realistic size. wrk runs one connection per thread, so each thread's
Lua state sees its requests and responses strictly alternate: it times each one itself and
writes (class, status, latency) to a file per thread, which gives p50/p95/p99 per class. Any
answer outside 2xx is an error (a redirect would mean a broken session cookie), and so is a
socket error; the run fails if there is one. The floor is `/ping` measured in the same run.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import harness

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=int, default=300)
parser.add_argument("--connections", type=int, default=16)
parser.add_argument("--candidates", type=int, default=100_000)
parser.add_argument("--visits", type=int, default=500_000)
parser.add_argument("--pathways", type=int, default=2_000)
parser.add_argument("--offers", type=int, default=500)
parser.add_argument("--applications", type=int, default=5_000)
parser.add_argument("--subscribers", type=int, default=50_000)
parser.add_argument("--diaspora-members", type=int, default=5_000)
parser.add_argument("--audit-events", type=int, default=200_000)
args = parser.parse_args()

SHARES = {"public": 80, "counsellor": 15, "staff": 5}


def ensure_data() -> dict:
    """Generate what is missing (the database may be reused between runs); return the sizes."""
    from django.core.management import call_command

    from accounts.models import AuditEvent, User
    from campaigns.models import Subscriber
    from diaspora.models import Member
    from legal.models import Pathway
    from reception.models import Candidate, Visit
    from reception.placements_models import Application, JobOffer

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = {
        "candidates": Candidate.objects.count(),
        "visits": Visit.objects.count(),
        "legal_pathways": Pathway.objects.filter(slug__startswith="synthetique-parcours-").count(),
        "offers": JobOffer.objects.count(),
        "applications": Application.objects.count(),
        "campaign_subscribers": Subscriber.objects.count(),
        "diaspora_members": Member.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }
    wanted = {
        "candidates": args.candidates,
        "visits": args.visits,
        "legal_pathways": args.pathways,
        "offers": args.offers,
        "applications": args.applications,
        "campaign_subscribers": args.subscribers,
        "diaspora_members": args.diaspora_members,
        "audit_events": args.audit_events,
    }
    missing = {key: max(wanted[key] - have[key], 0) for key in wanted}
    if missing["legal_pathways"]:
        # legal's generator makes synthetic pathways 0..n-1, skipping those that exist.
        missing["legal_pathways"] = wanted["legal_pathways"]
    if any(missing.values()):
        staff = 0 if User.objects.filter(email__endswith="@cigem.test").count() > 5 else 20
        extra = {}
        if any(have.values()):
            # A second pass with the default seed would draw the same diaspora emails again.
            extra["seed"] = 1 + sum(have.values())
        seconds, _ = harness.timed(
            harness.generate, staff=staff, stdout=sys.stderr, **missing, **extra
        )
        print(f"generated {missing} in {seconds:.0f} s", file=sys.stderr)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "candidates": Candidate.objects.count(),
        "visits": Visit.objects.count(),
        "legal pathways (demo and synthetic)": Pathway.objects.count(),
        "job offers": JobOffer.objects.count(),
        "applications": Application.objects.count(),
        "campaign subscribers": Subscriber.objects.count(),
        "diaspora members": Member.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def people() -> dict:
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create

    found = {}
    for role in (Role.COUNSELLOR, Role.MANAGER):
        email = f"load-{role}@cigem.test"
        found[str(role)] = User.objects.filter(email=email).first() or user_create(
            email=email, full_name=f"Load {role}", password=None, roles=[role]
        )
    return found


def mix(cookies: dict[str, str], csrf: str, export_id: str) -> list[dict]:
    """Entries: class, method, path, weight out of 10,000, cookie, body, extra headers."""
    from legal.models import Pathway
    from reception.models import Candidate
    from reception.placements_models import JobOffer

    pathway = (
        Pathway.objects.filter(slug__startswith="synthetique-parcours-").order_by("slug").first()
        or Pathway.objects.order_by("slug").first()
    )
    offer = JobOffer.objects.filter(status="open", is_public=True).order_by("-id").first()
    top = Candidate.objects.order_by("-id").values_list("id", flat=True)
    records = [top[n] for n in (10, 1_000, 50_000) if top[n : n + 1].exists()]
    public = [
        "/",
        "/legal/",
        "/legal/countries/espagne/",
        "/legal/goals/work/",
        f"/legal/pathways/{pathway.slug}/",
        "/legal/guides/",
        "/legal/guides/reconnaitre-fraude-recrutement/",
        "/legal/search/?q=travail+saisonnier+espagne",
        "/offres-emploi/",
        f"/offres-emploi/{offer.pk}/",
        "/diaspora/",
        "/diaspora/register/",
        "/key-figures/",
        "/documentation/",
    ]
    counsellor = [
        "/accueil/",
        "/accueil/candidats/",
        "/accueil/candidats/?profile=returnee_forced&sort=name",
        "/accueil/candidats/?q=Moussa+Traor%C3%A9",
        *[f"/accueil/candidats/{pk}/" for pk in records],
        "/accueil/suivis/",
        "/accueil/rendez-vous/",
        f"/placements/offres/{offer.pk}/correspondances/",
    ]
    export_body = json.dumps({"dataset": "publications", "format": "csv", "anonymised": True})
    staff_cookie = f"{cookies['manager']}; csrftoken={csrf}"
    staff = [
        ("GET", "/research/dashboard/", "", {}),
        ("POST", "/api/v1/exports/", export_body, {"X-CSRFToken": csrf}),
        ("GET", f"/api/v1/exports/{export_id}/", "", {}),  # polls the last one it asked for
        ("GET", "/campaigns/", "", {}),
        ("GET", "/accounts/audit/", "", {}),
    ]
    rows = []
    for path in public:
        rows.append({"cls": "public", "method": "GET", "path": path, "cookie": ""})
    for path in counsellor:
        rows.append(
            {"cls": "counsellor", "method": "GET", "path": path, "cookie": cookies["counsellor"]}
        )
    for method, path, body, headers in staff:
        rows.append(
            {
                "cls": "staff",
                "method": method,
                "path": path,
                "cookie": staff_cookie,
                "body": body,
                "headers": headers,
            }
        )
    sizes = {cls: sum(1 for r in rows if r["cls"] == cls) for cls in SHARES}
    for row in rows:
        row["weight"] = SHARES[row["cls"]] * 100 // sizes[row["cls"]]
    return rows


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII text is a valid Lua string literal


LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } cigem_timespec;
int clock_gettime(int clk_id, cigem_timespec *tp);
]]
local ts = ffi.new("cigem_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local entries = __ENTRIES__
local outdir = __OUTDIR__
local total = 0
for _, e in ipairs(entries) do total = total + e.weight end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local out, current, started, export_id

function init(args)
  out = io.open(outdir .. "/thread-" .. tid .. ".log", "w")
  math.randomseed(1000 + tid)
end

request = function()
  local pick = math.random(total)
  for i, e in ipairs(entries) do
    pick = pick - e.weight
    if pick <= 0 then
      current = i
      local headers = {}
      for k, v in pairs(e.headers) do headers[k] = v end
      if e.cookie ~= "" then headers["Cookie"] = e.cookie end
      local path = e.path
      if e.poll and export_id then path = "/api/v1/exports/" .. export_id .. "/" end
      local body = nil
      if e.method == "POST" then
        headers["Content-Type"] = "application/json"
        body = e.body
      end
      started = now_us()
      return wrk.format(e.method, path, headers, body)
    end
  end
end

response = function(status, headers, body)
  local elapsed = now_us() - started
  local e = entries[current]
  out:write(e.cls, " ", status, " ", string.format("%d", elapsed), " ", current, "\n")
  if e.method == "POST" and status == 202 then
    local id = string.match(body, '"id"%s*:%s*"([0-9a-f%-]+)"')
    if id then export_id = id end
  end
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def lua_entries(entries: list[dict]) -> str:
    items = []
    for e in entries:
        headers = ",".join(
            f"[{lua_string(k)}]={lua_string(v)}" for k, v in e.get("headers", {}).items()
        )
        items.append(
            "{"
            f"cls={lua_string(e['cls'])}, method={lua_string(e['method'])}, "
            f"path={lua_string(e['path'])}, weight={e['weight']}, cookie={lua_string(e['cookie'])}, "
            f"body={lua_string(e.get('body', ''))}, headers={{{headers}}}, "
            f"poll={'true' if e['path'].startswith('/api/v1/exports/') and e['method'] == 'GET' else 'false'}"
            "}"
        )
    return "{" + ",\n".join(items) + "}"


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def run_mix(base: str, entries: list[dict]) -> dict:
    outdir = tempfile.mkdtemp(prefix="cigem-load.")
    script = Path(outdir) / "mix.lua"
    script.write_text(
        LUA.replace("__ENTRIES__", lua_entries(entries)).replace("__OUTDIR__", lua_string(outdir))
    )
    cmd = [
        "wrk",
        "-t",
        str(args.connections),
        "-c",
        str(args.connections),
        "-d",
        f"{args.seconds}s",
        "-s",
        str(script),
        "--timeout",
        "10s",
        base,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    seconds = summary["duration_us"] / 1e6
    latencies: dict[str, list[float]] = {cls: [] for cls in SHARES}
    errors: dict[str, int] = dict.fromkeys(SHARES, 0)
    bad: dict[tuple[str, str], int] = {}
    per_entry: dict[int, int] = {}
    for name in glob.glob(f"{outdir}/thread-*.log"):
        with open(name) as lines:
            for line in lines:
                cls, status, micros, index = line.split()
                latencies[cls].append(int(micros) / 1000)
                per_entry[int(index)] = per_entry.get(int(index), 0) + 1
                if not 200 <= int(status) < 300:
                    errors[cls] += 1
                    key = (status, entries[int(index) - 1]["path"])
                    bad[key] = bad.get(key, 0) + 1
        os.unlink(name)
    script.unlink()
    os.rmdir(outdir)
    result = {}
    every = []
    for cls, values in latencies.items():
        values.sort()
        every.extend(values)
        result[cls] = _figures(values, seconds, errors[cls])
    every.sort()
    result["total"] = _figures(every, seconds, sum(errors.values()) + summary["errors"])
    result["socket_errors"] = summary["errors"]
    result["bad"] = bad
    result["per_entry"] = per_entry
    return result


def _figures(values: list[float], seconds: float, errors: int) -> dict:
    return {
        "requests": len(values),
        "rps": len(values) / seconds,
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "errors": errors,
    }


def run():
    from django.middleware.csrf import _get_new_csrf_string

    from research.services import export_request

    sizes = ensure_data()
    users = people()
    cookies = {role: harness.session_cookie(user) for role, user in users.items()}
    first_export = export_request(
        user=users["manager"], dataset="publications", format="csv", filters={}, anonymised=True
    )
    entries = mix(cookies, _get_new_csrf_string(), str(first_export.pk))
    load_before = os.getloadavg()
    with harness.gunicorn(workers=2, threads=4) as base:
        for entry in entries:  # every path answers 2xx before the clock starts
            _check(base, entry)
        harness.wrk(f"{base}/ping", seconds=2)
        floor = harness.wrk(
            f"{base}/ping", seconds=min(args.seconds, 30), connections=args.connections
        )
        started = time.monotonic()
        result = run_mix(base, entries)
        elapsed = time.monotonic() - started
    load_after = os.getloadavg()
    rows = [
        [
            "trivial view `/ping` (floor)",
            f"{floor['rps']:,.0f}",
            "1.0×",
            f"{floor['p50']:.1f}",
            f"{floor['p95']:.1f}",
            f"{floor['p99']:.1f}",
            floor["errors"],
            f"{floor['requests']:,}",
        ]
    ]
    for cls, label in (
        ("total", f"mixed load, {args.seconds} s, all classes"),
        ("public", "— public (80 %)"),
        ("counsellor", "— counsellors (15 %)"),
        ("staff", "— staff (5 %)"),
    ):
        r = result[cls]
        rows.append(
            [
                label,
                f"{r['rps']:,.1f}",
                f"{floor['rps'] / result['total']['rps']:.1f}×" if cls == "total" else "",
                f"{r['p50']:.1f}",
                f"{r['p95']:.1f}",
                f"{r['p99']:.1f}",
                r["errors"],
                f"{r['requests']:,}",
            ]
        )
    paths = "\n".join(
        f"- {e['cls']}: `{e['method']} {e['path']}` weight {e['weight']}, "
        f"{result['per_entry'].get(i, 0):,} requests"
        for i, e in enumerate(entries, start=1)
    )
    data = ", ".join(f"{n:,} {what}" for what, n in sizes.items())
    body = (
        f"gunicorn 2 workers × 4 threads; wrk {args.connections} threads × 1 connection "
        f"(latency timed per request in Lua, so per class); ran {elapsed:.0f} s. Load average "
        f"(1/5/15 min) {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f} before "
        f"the run, {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f} at its end (the "
        "load test itself takes both cores).\n\n"
        f"Data: {data} (demo data plus `generate_data`).\n\n"
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
        + "\n\nAn error is any answer outside 2xx (a redirect to the login page would mean a "
        "lost session) or a socket error. The export requests are queued with no worker running "
        "(the exports' own cost is in `research.md`); the poll reads the job this thread asked "
        "for last.\n\nThe mix (weights out of 10,000):\n\n" + paths + "\n"
    )
    if result["bad"]:
        body += "\nErrors by status and path: " + ", ".join(
            f"{status} `{path}` × {n}" for (status, path), n in sorted(result["bad"].items())
        )
    harness.write_results(
        "load",
        "Load: public 80 %, counsellors 15 %, staff 5 %",
        body,
        "make bench BENCH=load  (5 minutes; --seconds to shorten)",
    )
    print(body)
    if result["total"]["errors"]:
        sys.exit(f"{result['total']['errors']} errors under load")


def _check(base: str, entry: dict) -> None:
    headers = {"Cookie": entry["cookie"], **entry.get("headers", {})}
    data = None
    if entry["method"] == "POST":
        headers["Content-Type"] = "application/json"
        data = entry["body"].encode()
    req = urllib.request.Request(
        base + entry["path"], data=data, headers=headers, method=entry["method"]
    )
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(req, timeout=60) as response:
        if not 200 <= response.status < 300:
            raise RuntimeError(f"{entry['path']} answered {response.status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise RuntimeError(f"{req.full_url} redirects to {newurl}")


harness.main(run)
