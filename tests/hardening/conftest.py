"""Hardening fixtures: a Redis server of the test's own, which it may stop and restart."""

import shutil
import socket
import subprocess
import time

import kombu.pools
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """redis-server on a fixed port, stopped and started again on the same port (no persistence:
    what was queued when it stopped is gone, as after a crash)."""

    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


def wait_for(predicate, timeout: float, what: str):
    """Poll until `predicate()` is true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def broker(own_redis):
    """Point this process's Celery app at the test's own Redis (requests publish there)."""
    from cigem.celery import app

    def reset():
        # kombu keeps connection and producer pools in global registries keyed by broker URL:
        # close and forget them all, so nobody later acquires from a pool closed here.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    saved = app.conf.broker_url
    reset()
    app.conf.broker_url = own_redis.url
    yield own_redis
    reset()
    app.conf.broker_url = saved


@pytest.fixture
def open_offer(manager):
    """An open public job offer (the public interest form needs one)."""
    import datetime

    from django.utils import timezone

    from cigem.services import region_sync
    from reception.placements_models import ContractType, Country, Employer, OfferStatus, Sector
    from reception.placements_services import offer_create

    region_sync()
    today = timezone.localdate()
    employer = Employer.objects.create(
        name="Coop", country=Country.SPAIN, city="Huelva", sector=Sector.AGRICULTURE
    )
    return offer_create(
        data={
            "title": "Récolte",
            "employer": employer,
            "sector": Sector.AGRICULTURE,
            "country": Country.SPAIN,
            "city": "Huelva",
            "contract_type": ContractType.SEASONAL,
            "positions": 3,
            "period_start": today + datetime.timedelta(days=60),
            "period_end": today + datetime.timedelta(days=150),
            "occupation": "Ouvrier agricole",
            "application_deadline": today + datetime.timedelta(days=20),
            "status": OfferStatus.OPEN,
        },
        actor=manager,
        regions=(),
    )
