"""PostgreSQL: statistics on whether a consent's `kinds` is a list.

`policy._SharesAny` tests `jsonb_typeof(kinds) = 'array'`; with no statistics
on that expression the planner guesses 1 consent in 200 matches, so a query
over a program's consents (the outcomes report) is planned for a handful of
rows and loops where it should hash. Nothing on SQLite, nor before
PostgreSQL 14 (no statistics on an expression).
"""

from django.db import migrations

CREATE = (
    "CREATE STATISTICS IF NOT EXISTS sharing_consent_kinds_type "
    "ON (jsonb_typeof(kinds)) FROM sharing_consent"
)
DROP = "DROP STATISTICS IF EXISTS sharing_consent_kinds_type"


def _run(sql):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql" and connection.pg_version >= 140000:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0003_enrollment_chart_number"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
