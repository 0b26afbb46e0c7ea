"""Subscriber.confirmation_sent_at: the sweep sends again a double opt-in link that never left."""

from django.db import migrations, models
from django.db.models import F


def mark_existing_links_sent(apps, schema_editor):
    # Links of people already waiting were sent (or lost) before this field existed: do not
    # send them all again at the first sweep.
    Subscriber = apps.get_model("campaigns", "Subscriber")
    Subscriber.objects.filter(status="pending").update(confirmation_sent_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="confirmation_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmation sent"),
        ),
        migrations.RunPython(mark_existing_links_sent, migrations.RunPython.noop),
    ]
