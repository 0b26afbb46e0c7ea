"""Nothing personal in logs: gunicorn's access log keeps the path, never the query string."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_access_log_drops_query_strings_with_names_and_phones(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "SECRET_KEY": "x", "STATIC_MANIFEST": "False"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cigem.wsgi",
            "--config",
            "python:cigem.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/ping?last_name=Traor%C3%A9&phone=%2B22376123456"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert "GET /ping HTTP/1.1" in text
    assert "Traor" not in text and "22376123456" not in text and "last_name" not in text
