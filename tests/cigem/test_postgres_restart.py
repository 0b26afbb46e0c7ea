"""PostgreSQL restarted under a running portal: the next requests succeed without restarting it."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg(tool: str) -> list[str]:
    binary = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))[-1]
    return ["runuser", "-u", "postgres", "--", binary] if os.geteuid() == 0 else [binary]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def own_cluster():
    # Not pytest's tmp_path: it is private to root, and PostgreSQL runs as postgres.
    work = Path(tempfile.mkdtemp(prefix="cigem-pg-restart."))
    work.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
    port = _free_port()
    subprocess.run(
        [*_pg("initdb"), "-D", str(work / "data"), "--auth=trust", "-U", "cigem"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [*_pg("pg_ctl"), "-D", str(work / "data"), "-w", "-o", options, "-l", str(work / "log")]
    subprocess.run([*ctl, "start"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*_pg("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "cigem", "cigem"], check=True
    )
    yield f"postgres://cigem@127.0.0.1:{port}/cigem", ctl
    subprocess.run([*ctl, "-m", "immediate", "stop"], stdout=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)


def test_the_portal_recovers_from_a_postgresql_restart(own_cluster, tmp_path):
    url, ctl = own_cluster
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "600",
        "SECRET_KEY": "x",
        "STATIC_MANIFEST": "False",
        "CIGEM_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cigem.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(f"{base}/ping")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _get(f"{base}/healthz")[0] == 200  # opens the worker's persistent connection

        subprocess.run([*ctl, "-m", "fast", "restart"], check=True, stdout=subprocess.DEVNULL)

        # The kept connection is dead; the health check at request start replaces it.
        status, body = _get(f"{base}/healthz")
        assert status == 200, body
        assert '"database": "ok"' in body
        assert server.poll() is None  # same process: the portal did not restart
    finally:
        server.terminate()
        server.wait(timeout=20)
