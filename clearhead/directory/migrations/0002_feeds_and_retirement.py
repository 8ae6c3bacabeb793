"""Feeds: every row belongs to the feed it came from, keyed by (feed, its id).

Existing rows move to one feed per former source ("samhsa", "meeting-guide",
"bmlt", "demo"), named like the source, so an operator re-importing a file
with `--feed samhsa` (etc.) updates them in place. A SAMHSA feed is taken as
confirmed on the latest export date its rows carried (`--updated`).
"""

from datetime import UTC, datetime, time

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


FEED_NAMES = {
    "samhsa": "samhsa",
    "meeting_guide": "meeting-guide",
    "bmlt": "bmlt",
    "demo": "demo",
}


def rows_to_feeds(apps, schema_editor):
    Feed = apps.get_model("directory", "Feed")
    for model_name, kind in (("Facility", "facilities"), ("Meeting", "meetings")):
        model = apps.get_model("directory", model_name)
        sources = model.objects.values_list("source", flat=True).distinct()
        for source in sorted(set(sources)):
            feed = Feed.objects.create(
                name=FEED_NAMES.get(source, source), kind=kind, format=source
            )
            rows = model.objects.filter(source=source)
            if model_name == "Facility" and source == "samhsa":
                latest = rows.aggregate(models.Max("source_updated"))
                if latest["source_updated__max"]:
                    feed.last_confirmed_at = datetime.combine(
                        latest["source_updated__max"], time(12), tzinfo=UTC
                    )
                    feed.save(update_fields=["last_confirmed_at"])
            rows.update(feed=feed)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Feed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120)),
                ('kind', models.CharField(choices=[('meetings', 'Meetings'), ('facilities', 'Treatment facilities')], max_length=12)),
                ('format', models.CharField(choices=[('samhsa', 'SAMHSA FindTreatment.gov'), ('meeting_guide', 'Meeting Guide feed'), ('bmlt', 'BMLT (Narcotics Anonymous)'), ('demo', 'Clearhead demo data (fictional)')], max_length=20)),
                ('url', models.URLField(blank=True, max_length=500)),
                ('options', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_imported_at', models.DateTimeField(blank=True, null=True)),
                ('last_confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('last_fetched_at', models.DateTimeField(blank=True, null=True)),
                ('last_fetch_problem', models.CharField(blank=True, max_length=255)),
            ],
        ),
        migrations.AlterModelOptions(
            name='facility',
            options={'base_manager_name': 'all_objects', 'verbose_name_plural': 'facilities'},
        ),
        migrations.AlterModelOptions(
            name='meeting',
            options={'base_manager_name': 'all_objects'},
        ),
        migrations.AlterModelManagers(
            name='facility',
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.AlterModelManagers(
            name='meeting',
            managers=[
                ('objects', django.db.models.manager.Manager()),
                ('all_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='facility',
            name='directory_facility_source_unique',
        ),
        migrations.RemoveConstraint(
            model_name='meeting',
            name='directory_meeting_source_unique',
        ),
        migrations.AddField(
            model_name='facility',
            name='approximate_location',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='facility',
            name='mental_health_only',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='facility',
            name='retired_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='meeting',
            name='approximate_location',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='meeting',
            name='retired_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name='feed',
            constraint=models.UniqueConstraint(fields=('kind', 'name'), name='directory_feed_kind_name_unique'),
        ),
        migrations.AddField(
            model_name='facility',
            name='feed',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.feed'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='feed',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.feed'),
        ),
        migrations.RunPython(rows_to_feeds, migrations.RunPython.noop),
    ]
