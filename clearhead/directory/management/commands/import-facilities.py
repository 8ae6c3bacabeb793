"""clearhead import-facilities FILE --feed NAME: a SAMHSA FindTreatment.gov export."""

from clearhead.directory.importers.command import (
    ImportCommand,
    confirmed_date,
    read_file_or_url,
)
from clearhead.directory.models import Feed, Source


class Command(ImportCommand):
    help = (
        "Import or update treatment facilities from a SAMHSA locator export "
        '(the JSON object with "rows", or a list of rows). Safe to run again: '
        "facilities the feed no longer lists are retired."
    )
    noun = "Facilities"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--updated",
            type=confirmed_date,
            default=None,
            help="The date the export was taken (YYYY-MM-DD); same as --confirmed.",
        )

    def handle(self, *args, file, updated, **options):
        data, fetched = read_file_or_url(file)
        options["confirmed"] = options["confirmed"] or updated
        self.import_feed(
            path=file,
            data=data,
            fetched=fetched,
            kind=Feed.Kind.FACILITIES,
            fmt=Source.SAMHSA,
            options={},
            args=options,
        )
