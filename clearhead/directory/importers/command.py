"""What the import commands share: reading the file, the progress bar, the report."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clearhead.directory.importers.records import NotThisFormat


def read_json(path: str):
    """Load a JSON file, or stop with one line saying why it cannot be read."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise CommandError(
            f"{path}: cannot read the file ({error.strerror})."
        ) from None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: not JSON ({error}).") from None


def with_progress(records, total: int, label: str):
    return tqdm(
        records, total=total, desc=label, unit=" rows", file=sys.stderr, leave=False
    )


class ImportCommand(BaseCommand):
    """Runs a parser over a file and reports like every Clearhead importer."""

    noun = "Rows"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit with failure if any row was skipped.",
        )

    def report(self, summary, *, strict: bool) -> None:
        for skipped in summary.skipped:
            self.stderr.write(f"row {skipped.row}: skipped: {skipped.reason}")
        for label, count in summary.unmapped.most_common(10):
            self.stdout.write(f"  unmapped label (kept): {label} ({count})")
        self.stdout.write(summary.line(self.noun))
        if strict and summary.skipped:
            raise CommandError(f"{len(summary.skipped)} rows were skipped (--strict).")

    def parse_or_fail(self, path: str, parse):
        try:
            return parse()
        except NotThisFormat as error:
            raise CommandError(f"{path}: {error}.") from None
