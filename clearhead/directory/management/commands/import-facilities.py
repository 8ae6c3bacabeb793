"""clearhead import-facilities FILE: the SAMHSA FindTreatment.gov JSON export."""

from datetime import date

from clearhead.core import clock
from clearhead.directory import services
from clearhead.directory.importers import samhsa
from clearhead.directory.importers.command import (
    ImportCommand,
    read_json,
    with_progress,
)
from clearhead.directory.models import Source


class Command(ImportCommand):
    help = (
        "Import or update treatment facilities from a SAMHSA locator export "
        '(the JSON object with "rows", or a list of rows). Safe to run again.'
    )
    noun = "Facilities"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--updated",
            type=date.fromisoformat,
            default=None,
            help="The date the export was taken (YYYY-MM-DD); today if not given.",
        )

    def handle(self, *args, file, strict, updated, **options):
        data = read_json(file)
        rows = self.parse_or_fail(file, lambda: samhsa.rows_of(data))
        records = with_progress(samhsa.parse(rows), len(rows), "Facilities")
        summary = services.facilities_import(
            records,
            source=Source.SAMHSA,
            source_updated=updated or clock.today_in(clock.region_time_zone()),
        )
        self.report(summary, strict=strict)
