"""make backup / make restore round-trip a populated PostgreSQL database."""

import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from accounts.models import AuditEvent, User
from reception.models import Partner

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{name}"


def _counts(url: str) -> dict:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        counts = {}
        for table in (
            User._meta.db_table,
            AuditEvent._meta.db_table,
            Partner._meta.db_table,
            "cigem_region",
            "auth_group_permissions",
        ):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - fixed table names
            counts[table] = cursor.fetchone()[0]
        cursor.execute(f'SELECT email FROM "{User._meta.db_table}" ORDER BY email')  # noqa: S608
        counts["emails"] = [row[0] for row in cursor.fetchall()]
    return counts


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_the_same_rows(tmp_path, make_user):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    make_user("counsellor", email="restore-check@example.test")
    source = _url(settings.DATABASES["default"]["NAME"])
    before = _counts(source)
    assert before[User._meta.db_table] >= 7

    dump = tmp_path / "cigem.dump"
    env = {**os.environ, "DATABASE_URL": source}
    subprocess.run(["make", "-s", "backup", f"FILE={dump}"], cwd=ROOT, env=env, check=True)
    assert dump.stat().st_size > 0

    target_name = "restore_check"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {target_name}")
        cursor.execute(f"CREATE DATABASE {target_name}")
    try:
        target = _url(target_name)
        env = {**os.environ, "DATABASE_URL": target}
        subprocess.run(["make", "-s", "restore", f"FILE={dump}"], cwd=ROOT, env=env, check=True)
        assert _counts(target) == before
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {target_name} WITH (FORCE)")
        admin.close()


def test_backup_without_database_url_says_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        ["scripts/backup.sh", "backup"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "DATABASE_URL is not set" in result.stderr
