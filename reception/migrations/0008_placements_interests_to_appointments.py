"""Each ExpressionOfInterest becomes an AppointmentRequest tied to its offer; the model goes.

Its own migration: PostgreSQL refuses to build 0007's indexes on a table with rows just written
in the same transaction.
"""

from django.db import migrations


def interests_to_appointments(apps, schema_editor):
    Interest = apps.get_model("reception", "ExpressionOfInterest")
    Appointment = apps.get_model("reception", "AppointmentRequest")
    for interest in Interest.objects.select_related("offer", "region").iterator():
        lines = [f"Offre : {interest.offer.title} (n° {interest.offer_id})"]
        if interest.region_id:
            lines.append(f"Région : {interest.region.name}")
        if interest.occupation:
            lines.append(f"Métier : {interest.occupation}")
        if interest.message:
            lines.append(interest.message)
        if interest.status == "new":
            status = "new"
        else:
            # A handled request led to a record ("converted", without a visit row) or was
            # closed without one.
            status = "converted" if interest.candidate_id else "cancelled"
        appointment = Appointment.objects.create(
            full_name=interest.full_name,
            phone=interest.phone,
            topic="job_offers",
            message="\n".join(lines),
            preferred_date=interest.created_at.date(),
            language="fr",
            status=status,
            candidate_id=interest.candidate_id,
            handled_by_id=interest.handled_by_id,
            handled_at=interest.handled_at,
            job_offer_id=interest.offer_id,
        )
        # auto_now_add stamped today: keep the day the person actually asked.
        Appointment.objects.filter(pk=appointment.pk).update(created_at=interest.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0007_placements_experience_and_desk_requests"),
    ]

    operations = [
        migrations.RunPython(interests_to_appointments, migrations.RunPython.noop),
        migrations.DeleteModel(name="ExpressionOfInterest"),
    ]
