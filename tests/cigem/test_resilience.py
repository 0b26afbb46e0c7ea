"""With Redis stopped, pages and logged-in work still serve; a failed publish fails no request."""

import shutil
import socket
import subprocess
import time

import pytest
from celery import Celery
from django.core.cache import caches
from django.urls import reverse

from cigem.cache import ResilientRedisCache
from cigem.queue import send_task


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, which the test may stop."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait()


def _stop(proc):
    proc.terminate()
    proc.wait()


def test_pages_and_sessions_serve_while_redis_is_down(client, counsellor, settings, own_redis):
    port, proc = own_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "cigem.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    ResilientRedisCache._down_until = 0.0
    client.force_login(counsellor)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert caches["default"].get("probe") is None  # Redis answers: a plain miss

    _stop(proc)
    try:
        assert client.get(reverse("home")).status_code == 200
        # The session comes from PostgreSQL now that its cached copy cannot be read.
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 200
        assert counsellor.email in response.content.decode()
        assert caches["default"].set("key", "value") is None
        assert caches["default"].get("key", "fallback") == "fallback"
    finally:
        ResilientRedisCache._down_until = 0.0


def test_queuing_a_task_with_the_broker_down_returns_false(own_redis):
    port, proc = own_redis
    app = Celery("resilience-check", broker=f"redis://127.0.0.1:{port}/0")
    app.conf.broker_connection_timeout = 1
    app.conf.broker_transport_options = {"socket_connect_timeout": 1}
    app.conf.task_publish_retry_policy = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.1,
        "interval_max": 0.2,
    }

    @app.task(name="resilience.noop")
    def noop():
        return None

    assert send_task(noop) is True  # the broker answers: queued
    _stop(proc)
    assert send_task(noop) is False  # recorded work waits for the sweep; the request goes on
