"""Trigram indexes for the directory's name/occupation search (PostgreSQL only).

`icontains` is `UPPER(col::text) LIKE UPPER('%text%')`: no btree serves it, so a rare string
("zzq", a typing error) read all 200,000 members and their accounts (3 s measured). GIN trigram
indexes on the same expressions let PostgreSQL find the few matches directly. The one on
accounts_user.full_name is created here because the directory is what needs it; it is
additive and dropped by this migration's reverse. SQLite (the embedded default) has no pg_trgm.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dm_occupation_trgm ON diaspora_member "
        "USING gin (UPPER(occupation::text) gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dm_user_full_name_trgm ON accounts_user "
        "USING gin (UPPER(full_name::text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS dm_occupation_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS dm_user_full_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("diaspora", "0003_edit_versions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
