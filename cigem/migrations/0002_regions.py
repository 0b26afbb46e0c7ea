"""Load the regions of Mali, so every database has them before any record points to one."""

from django.db import migrations

from cigem.reference import REGIONS


def load_regions(apps, schema_editor):
    Region = apps.get_model("cigem", "Region")
    for code, name, is_district in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "is_district": is_district}
        )


class Migration(migrations.Migration):
    dependencies = [("cigem", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
