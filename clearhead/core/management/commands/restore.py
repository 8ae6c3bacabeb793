"""clearhead restore SRC --yes: replace the database with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clearhead.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `clearhead backup`."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current data will be replaced.",
        )

    def handle(self, *args, source, yes, **options):
        if not yes:
            raise CommandError(
                "This replaces everything in the database. Run again with --yes to go ahead."
            )
        try:
            restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored from {source}.")
