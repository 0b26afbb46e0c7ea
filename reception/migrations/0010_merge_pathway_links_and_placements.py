"""Joins the desk's visit-to-pathway links (0007) and circular migration's 0007-0009."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0007_visit_legal_pathways"),
        ("reception", "0009_placements_profile_text_index"),
    ]

    operations = []
