"""Fixtures shared by the whole suite: a user per role, real services, a browser, a worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from accounts.roles import Role

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
        raise pytest.UsageError(
            "The tests run on real PostgreSQL and Redis: use `make test`, or set DATABASE_URL "
            "and REDIS_URL (for example `make services-up` then `. var/services.env`)."
        )


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """PBKDF2 is slow on purpose; tests create many users and test no hash strength."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit buckets and cached sessions must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    from accounts.services import user_create

    counter = {"n": 0}

    def factory(*roles: str, email: str | None = None, password: str = "correct-horse-42", **extra):
        counter["n"] += 1
        return user_create(
            email=email or f"{'-'.join(roles) or 'nobody'}{counter['n']}@example.test",
            full_name=extra.pop("full_name", f"Test {' '.join(roles) or 'Person'}"),
            password=password,
            roles=list(roles),
            **extra,
        )

    return factory


@pytest.fixture
def counsellor(make_user):
    return make_user(Role.COUNSELLOR)


@pytest.fixture
def content_editor(make_user):
    return make_user(Role.CONTENT_EDITOR)


@pytest.fixture
def campaign_manager(make_user):
    return make_user(Role.CAMPAIGN_MANAGER)


@pytest.fixture
def researcher(make_user):
    return make_user(Role.RESEARCHER)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def diaspora_member(make_user):
    return make_user(Role.DIASPORA_MEMBER)


@pytest.fixture
def users_by_role(make_user):
    """{"anonymous": None, "counsellor": <User>, ...}: one person per role, for access matrices."""
    people = {"anonymous": None}
    for role in Role.values:
        people[role] = make_user(role)
    return people


@pytest.fixture
def client_as(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def demo_live(transactional_db):
    """The demo data, committed so a live server sees it (public pages that show a record)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())


# --- Browser ------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A cheap phone's screen: 360 × 640, touch."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 360, "height": 640},
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


# --- Celery worker --------------------------------------------------------------------------


def _worker_env() -> dict:
    from django.conf import settings

    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        if not db.get("PASSWORD")
        else f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env["DB_CONN_MAX_AGE"] = "0"
    return env


@pytest.fixture
def start_worker(transactional_db):
    """Start real `celery worker` processes on the test database and Redis; stopped after."""
    from cigem.celery import app

    processes = []

    def start(name: str = "w1", queues: str = "default,campaigns,exports", concurrency: int = 1):
        hostname = f"{name}-{os.getpid()}@localhost"
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cigem",
                "worker",
                "-Q",
                queues,
                "-c",
                str(concurrency),
                "-n",
                hostname,
                "--pool",
                "prefork",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=_worker_env(),
        )
        processes.append(proc)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"worker {name} exited with {proc.returncode}")
            replies = app.control.ping(destination=[hostname], timeout=0.5) or []
            if replies:
                return proc
        raise RuntimeError(f"worker {name} did not answer within 60 s")

    yield start
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
