from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_rows_keyed_by_feed"),
    ]

    operations = [
        migrations.RenameField(
            model_name="meeting", old_name="timezone", new_name="time_zone"
        ),
        migrations.AddField(
            model_name="meeting",
            name="other_types",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
