"""Django on the bench database, for a scenario's own process."""

import os


def setup_django() -> str:
    """Set Django up on DATABASE_URL (the bench database), bring its tables
    up to date, and return the database's vendor ("sqlite", "postgresql")."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhead.config.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    return connection.vendor


def empty_database() -> None:
    """Delete every row, as before a size is generated again.

    With CASCADE: on PostgreSQL every scenario shares one database, and the
    check-in scenario's floor table (an app only that scenario installs, so
    unknown here) points at the users being emptied."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0, allow_cascade=True)
