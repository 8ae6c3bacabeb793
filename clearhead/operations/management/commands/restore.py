"""clearhead restore SRC --yes: replace the database with a backup.

The restore is recorded in the audit log, and the audit chain's checkpoint is
re-anchored to the restored log, so `clearhead audit verify` does not report
the entries written since the backup as deleted.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clearhead.audit.chain import audit_restored
from clearhead.operations.backup import BackupError, restore


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
        previous, anchor = audit_restored(source.name)
        self.stdout.write(f"Restored from {source}.")
        self.stdout.write(
            "Recorded in the audit log; its checkpoint is re-anchored at entry "
            f"{anchor.sequence}"
            + (
                f" (it was at entry {previous.sequence} before the restore)."
                if previous
                else "."
            )
        )
