"""Visits link the legal pathways they discussed; the slugs stored until now become links."""

from django.db import migrations, models


def link_slugs(apps, schema_editor):
    """Each slug that names a pathway becomes a link; a slug that names none stays as text."""
    Visit = apps.get_model("reception", "Visit")
    Pathway = apps.get_model("legal", "Pathway")
    if schema_editor.connection.vendor == "postgresql":
        # One statement: at five million visits a Python loop would take minutes.
        through = Visit.legal_pathways.through._meta.db_table
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {through} (visit_id, pathway_id)
                SELECT DISTINCT v.id, p.id
                FROM reception_visit v
                CROSS JOIN LATERAL jsonb_array_elements_text(v.pathways) AS s(slug)
                JOIN legal_pathway p ON p.slug = s.slug
                WHERE jsonb_typeof(v.pathways) = 'array' AND v.pathways <> '[]'::jsonb
                ON CONFLICT DO NOTHING
                """
            )
        return
    by_slug = dict(Pathway.objects.values_list("slug", "id"))
    for visit in Visit.objects.exclude(pathways=[]).only("id", "pathways").iterator():
        ids = [by_slug[slug] for slug in visit.pathways or [] if slug in by_slug]
        if ids:
            visit.legal_pathways.add(*ids)


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0004_search_heads"),
        ("reception", "0006_merge_desk_and_placements"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="legal_pathways",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="legal.pathway",
                verbose_name="legal pathways discussed",
            ),
        ),
        migrations.RunPython(link_slugs, migrations.RunPython.noop),
    ]
