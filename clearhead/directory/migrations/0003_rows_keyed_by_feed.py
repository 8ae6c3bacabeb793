"""Every row now has its feed (0002 filled it in): require it, and key rows by
(feed, the feed's own id). A separate migration so PostgreSQL does not alter
a table with the data migration's updates still pending in one transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_feeds_and_retirement"),
    ]

    operations = [
        migrations.AlterField(
            model_name='facility',
            name='feed',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.feed'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='feed',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.feed'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.UniqueConstraint(fields=('feed', 'source_id'), name='directory_facility_feed_unique'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(fields=('feed', 'source_id'), name='directory_meeting_feed_unique'),
        ),
    ]
