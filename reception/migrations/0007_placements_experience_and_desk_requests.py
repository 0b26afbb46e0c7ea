"""Circular migration, second pass: years of experience on candidates, and the job offer an
appointment request came from (call-back requests join the desk's queue; rows move in 0008)."""

import django.db.models.deletion
from django.db import migrations, models

import reception.placements_fields


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0006_merge_desk_and_placements"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="years_of_experience",
            field=reception.placements_fields.YearsOfExperienceField(
                blank=True, null=True, verbose_name="years of work experience"
            ),
        ),
        migrations.AddField(
            model_name="appointmentrequest",
            name="job_offer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="appointment_requests",
                to="reception.joboffer",
                verbose_name="job offer",
            ),
        ),
    ]
