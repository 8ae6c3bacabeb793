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
