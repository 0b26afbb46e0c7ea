"""PostgreSQL search: unaccent and pg_trgm, and text search configurations without accents."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CONFIGS = [("legal_fr", "french", "french_stem"), ("legal_en", "english", "english_stem"), ("legal_simple", "simple", "simple")]


def create_configs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, parent, dictionary in CONFIGS:
        schema_editor.execute(
            f"DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN "
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {parent}); "
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {dictionary}; "
            f"END IF; END $$;"
        )


def drop_configs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _parent, _dictionary in CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_content")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_configs, drop_configs),
    ]
