"""Trigram index on Candidate.search_name for the duplicate search (PostgreSQL only).

Kept out of the model's Meta because the embedded SQLite default has no pg_trgm; on SQLite
the duplicate search relies on the phonetic-key index alone.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cand_search_name_trgm ON reception_candidate "
        "USING gin (search_name gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cand_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("reception", "0003_visits_referrals_followups")]

    operations = [migrations.RunPython(forwards, backwards)]
