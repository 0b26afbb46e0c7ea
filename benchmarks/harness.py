"""Benchmark harness: real PostgreSQL, Redis and gunicorn on loopback, wrk for load.

A benchmark script calls `harness.main(run)`: without DATABASE_URL/REDIS_URL in the environment it
re-executes itself under `scripts/services.sh run` (throwaway servers, stopped at the end). `run`
then migrates, generates data, starts gunicorn, measures with wrk, and writes its section with
`write_results`. Every figure is stated as a ratio against a baseline measured in the same run,
because the machines are shared and noisy.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
RESULTS_FILE = ROOT / "benchmarks" / "RESULTS.md"
PYTHON = sys.executable

BENCH_ENV = {
    "SECRET_KEY": "benchmark-key-not-secret",
    "STATIC_MANIFEST": "False",
    "DB_CONN_MAX_AGE": "600",
    "EMAIL_PROVIDER": "file",
    "SMS_PROVIDER": "null",
    "LOG_LEVEL": "WARNING",
}

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def main(run) -> None:
    """Entry point of a benchmark script: ensure services, set up Django, call run()."""
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        env = {**os.environ, **BENCH_ENV}
        cmd = [str(ROOT / "scripts" / "services.sh"), "run", PYTHON, *sys.argv]
        sys.exit(
            subprocess.call(cmd, env={**env, "CIGEM_SKIP_BROWSER": "True", "CIGEM_BENCH": "True"})
        )
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cigem.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run()


def generate(**options) -> None:
    """`manage.py generate_data` with options, e.g. generate(candidates=1_000_000)."""
    from django.core.management import call_command

    call_command("generate_data", **options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int = 2, threads: int = 1, app: str = "cigem.wsgi"):
    """gunicorn serving `app` (the portal) on a free port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/ping", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def session_cookie(user) -> str:
    """A logged-in session for `user`, stored where gunicorn reads it (database and cache)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wrk(url: str, *, seconds: int = 10, connections: int = 8, threads: int = 2, cookie: str = ""):
    """Load `url` with wrk; returns requests/s, p50/p95/p99 in ms and error counts."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install -y wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    cmd = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "-s",
        script.name,
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
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


def query_count(path: str, user=None) -> tuple[int, int]:
    """(status, number of SQL queries) for one GET of `path`, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches (session, user) as a second request would find them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response.status_code, len(ctx.captured_queries)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def peak_rss_mb_of(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; return (seconds, peak resident memory in MB) from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt", delete=False) as out:
        path = out.name
    started = time.perf_counter()
    subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", path, *cmd],
        cwd=ROOT,
        env=env or dict(os.environ),
        check=True,
    )
    seconds = time.perf_counter() - started
    kb = int(Path(path).read_text().strip().splitlines()[-1])
    os.unlink(path)
    return seconds, kb / 1024


def machine_line() -> str:
    cores = os.cpu_count()
    return f"{time.strftime('%Y-%m-%d')}, {cores} cores, PostgreSQL and Redis on loopback"


def table(header: list[str], rows: list[list]) -> str:
    def cell(value):
        if isinstance(value, float):
            return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
        return str(value)

    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_results(name: str, title: str, body: str, command: str) -> Path:
    """Write benchmarks/results/<name>.md and rebuild RESULTS.md from every part."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    part = RESULTS_DIR / f"{name}.md"
    part.write_text(
        f"## {title}\n\nMeasured {machine_line()}. Reproduce: `{command}`\n\n{body.strip()}\n",
        encoding="utf-8",
    )
    collect()
    return part


def collect() -> None:
    order = ["foundation", "reception", "circular", "legal", "campaigns", "diaspora", "research"]
    parts = sorted(
        RESULTS_DIR.glob("*.md"),
        key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.stem),
    )
    intro = (
        "# Benchmark results\n\n"
        "Assembled from `benchmarks/results/*.md` by `benchmarks/harness.py`; each section is\n"
        "rewritten by the benchmark that owns it. Figures are ratios against a baseline measured\n"
        "in the same run: absolute numbers drift on these shared 2-core machines.\n"
    )
    RESULTS_FILE.write_text(
        intro + "\n" + "\n".join(p.read_text(encoding="utf-8") for p in parts), encoding="utf-8"
    )
