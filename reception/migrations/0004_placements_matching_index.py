"""Matching index on candidates: trigram search of folded occupation and skills (PostgreSQL).

The index lives on the candidate table but belongs to circular migration, which is the only
reader; it is not declared on the Candidate model, so the reception app's migrations stay
untouched. On SQLite (the embedded default) nothing is created and matching scans the table.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION placements_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS candidate_profile_trgm ON reception_candidate "
    "USING gin (placements_fold(occupation || ' ' || skills) gin_trgm_ops)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FOLD_FUNCTION)
    schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS candidate_profile_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS placements_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("reception", "0003_placements_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
    ]
