"""Appointments keep the wall time the clinician typed, in the program's zone.

Until now the form read the typed time as UTC (the server's zone), so "3:00
PM" for a Chicago program was stored as 15:00Z and reached a Chicago phone as
9:00 AM. Every row came through that form (there is no other way to book
one), so each stored UTC clock reading *is* what the clinician typed: it
becomes `starts_on`/`start_time` in the program's zone, and `starts_at` is
worked out again from them. Reversing keeps the corrected instants.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.db import migrations, models


def typed_wall_time_in_program_zone(apps, schema_editor):
    Appointment = apps.get_model("clinic", "Appointment")
    rows = Appointment.objects.select_related("enrollment__program")
    for appointment in rows.iterator(chunk_size=500):
        typed = appointment.starts_at.astimezone(UTC)
        zone = appointment.enrollment.program.time_zone
        appointment.starts_on = typed.date()
        appointment.start_time = typed.time().replace(tzinfo=None)
        appointment.time_zone = zone
        # The historical model has no save() hook: work the instant out here
        # as core.local_times.instant_of does.
        appointment.starts_at = datetime.combine(
            typed.date(), appointment.start_time, tzinfo=ZoneInfo(zone)
        ).astimezone(UTC)
        appointment.save(
            update_fields=["starts_on", "start_time", "time_zone", "starts_at"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0004_care_relationship_moves_to_care"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="starts_on",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="appointment",
            name="start_time",
            field=models.TimeField(null=True),
        ),
        migrations.AddField(
            model_name="appointment",
            name="time_zone",
            field=models.CharField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(
            typed_wall_time_in_program_zone, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="appointment",
            name="starts_on",
            field=models.DateField(),
        ),
        migrations.AlterField(
            model_name="appointment",
            name="start_time",
            field=models.TimeField(),
        ),
        migrations.AlterField(
            model_name="appointment",
            name="starts_at",
            field=models.DateTimeField(editable=False),
        ),
    ]
