"""Settings come from the environment with strict parsing and clear errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cigem import env

ROOT = Path(__file__).resolve().parents[2]


def settings_in_subprocess(extra_env: dict, expression: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    clean.update(extra_env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cigem.settings';"
        f"from django.conf import settings; print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize("raw, expected", [("True", True), ("False", False)])
def test_booleans_accept_only_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.env_bool("SOME_FLAG") is expected


@pytest.mark.parametrize("raw", ["yes", "1", "true", "on", "TRUE"])
def test_a_malformed_boolean_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be True or False"):
        env.env_bool("SOME_FLAG")


def test_a_malformed_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env.env_int("EMAIL_PORT", 25)


def test_a_choice_outside_the_list_is_refused(monkeypatch):
    monkeypatch.setenv("SMS_PROVIDER", "pigeon")
    with pytest.raises(ImproperlyConfigured, match="SMS_PROVIDER must be one of"):
        env.env_choice("SMS_PROVIDER", ("file", "http"), "file")


def test_without_database_url_the_portal_uses_sqlite_under_var(tmp_path):
    result = settings_in_subprocess(
        {"SECRET_KEY": "x", "CIGEM_VAR_DIR": str(tmp_path)},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        " settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert str(tmp_path / "cigem.sqlite3") in result.stdout
    assert "True" in result.stdout  # eager Celery
    assert "LocMemCache" in result.stdout


def test_with_urls_the_portal_uses_postgresql_and_redis():
    result = settings_in_subprocess(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgres://u:p@db.example:5432/cigem",
            "REDIS_URL": "redis://cache.example:6379/0",
        },
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.CELERY_BROKER_URL, settings.CACHES['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert "cigem.postgres" in result.stdout  # Django's PostgreSQL backend, see cigem/postgres
    assert "False" in result.stdout
    assert "redis://cache.example:6379/0" in result.stdout
    assert "RedisCache" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = settings_in_subprocess({"SECRET_KEY": ""}, "settings.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_database_url_of_another_kind_is_refused():
    result = settings_in_subprocess(
        {"SECRET_KEY": "x", "DATABASE_URL": "mysql://u@h/db"}, "settings.DATABASES"
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be a URL starting with postgres://" in result.stderr


def test_check_deploy_is_clean_with_the_production_environment_of_env_example(tmp_path):
    production = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            production[key.strip()] = value.strip()
    production["CIGEM_VAR_DIR"] = str(tmp_path)
    skip = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    clean.update(production)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_makemigrations_runs_without_secret_key_but_serving_commands_do_not():
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    ok = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert refused.returncode != 0
    assert "SECRET_KEY is required" in refused.stderr
