"""clearhead backup DEST: a consistent copy of the database, taken while it runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clearhead.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database to DEST (SQLite file or pg_dump archive)."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination, **options):
        if destination.exists():
            raise CommandError(f"{destination} already exists; choose a new file name.")
        try:
            backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {destination}.")
