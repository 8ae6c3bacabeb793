"""clearhead import-meetings FILE: a Meeting Guide feed or a BMLT response."""

from django.core.management.base import CommandError

from clearhead.directory import services
from clearhead.directory.importers import meetings
from clearhead.directory.importers.command import (
    ImportCommand,
    read_json,
    with_progress,
)
from clearhead.directory.importers.records import Record
from clearhead.directory.models import Source
from clearhead.directory.vocabulary import FELLOWSHIPS
from clearhead.directory.zones import known_zone


class Command(ImportCommand):
    help = (
        "Import or update support-group meetings from a Meeting Guide JSON feed "
        "or a BMLT GetSearchResults response (detected, or named with --format)."
    )
    noun = "Meetings"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--format", choices=meetings.FORMATS, dest="feed_format")
        parser.add_argument(
            "--fellowship",
            choices=sorted(FELLOWSHIPS),
            help="Whose meetings these are (default: aa for Meeting Guide, na for BMLT).",
        )
        parser.add_argument(
            "--timezone",
            default="",
            metavar="ZONE",
            help=(
                "IANA time zone of meetings the feed gives none for, e.g. "
                "America/Chicago (default: found from each meeting's coordinates, "
                "else its ZIP)."
            ),
        )

    def handle(self, *args, file, strict, feed_format, fellowship, **options):
        zone = options["timezone"]
        if zone and not known_zone(zone):
            raise CommandError(
                f"--timezone {zone!r} is not an IANA time zone (e.g. America/Chicago)."
            )
        data = read_json(file)
        feed_format = feed_format or self.parse_or_fail(
            file, lambda: meetings.detect_format(data)
        )
        rows = self.parse_or_fail(
            file,
            lambda: list(
                meetings.parse(
                    data,
                    feed_format=feed_format,
                    fellowship=fellowship,
                    time_zone=zone,
                )
            ),
        )
        self.name_rows_without_zone(rows)
        source = Source.BMLT if feed_format == "bmlt" else Source.MEETING_GUIDE
        summary = services.meetings_import(
            with_progress(rows, len(rows), "Meetings"), source=source
        )
        self.report(summary, strict=strict)

    def name_rows_without_zone(self, rows) -> None:
        without = [
            row
            for row in rows
            if isinstance(row, Record) and not row.fields["time_zone"]
        ]
        for row in without:
            self.stderr.write(
                f"row {row.row}: no time zone found (no zone in the feed, "
                "coordinates or ZIP): its times are shown as local times."
            )
        if without:
            self.stderr.write(
                f"{len(without)} meetings have no time zone; give --timezone "
                "to set one."
            )
