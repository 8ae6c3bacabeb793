"""clearhead import-meetings FILE --feed NAME: a Meeting Guide feed or a BMLT response."""

from django.core.management.base import CommandError

from clearhead.directory import feeds
from clearhead.directory.importers import meetings
from clearhead.directory.importers.command import ImportCommand, streamed_file_or_url
from clearhead.directory.importers.records import Record
from clearhead.directory.models import Feed
from clearhead.directory.vocabulary import FELLOWSHIPS
from clearhead.directory.zones import known_zone


class Command(ImportCommand):
    help = (
        "Import or update support-group meetings from a Meeting Guide JSON feed "
        "or a BMLT GetSearchResults response (detected, or named with --format). "
        "Safe to run again: meetings the feed no longer lists are retired."
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

    def handle(self, *args, file, feed_format, fellowship, **options):
        zone = options["timezone"]
        if zone and not known_zone(zone):
            raise CommandError(
                f"--timezone {zone!r} is not an IANA time zone (e.g. America/Chicago)."
            )
        self.without_zone = []
        # The feed is read as a stream, a row at a time (a national feed
        # has 100,000 meetings); its first rows tell its format.
        with streamed_file_or_url(file) as (stream, fetched):
            feed_format = feed_format or self.parse_or_fail(
                file, lambda: feeds.meeting_format(stream.sample(), {})
            )
            self.import_feed(
                path=file,
                data=stream,
                fetched=fetched,
                kind=Feed.Kind.MEETINGS,
                fmt=feeds.source_of_format(feed_format),
                options={
                    "format": feed_format,
                    "fellowship": fellowship,
                    "timezone": zone,
                },
                args=options,
            )

    def note_record(self, record: Record) -> None:
        if not record.fields["time_zone"]:
            self.without_zone.append(record.row)

    def report_records(self) -> None:
        """Name the meetings whose times are floating (no zone was found)."""
        without = self.without_zone
        for row in without:
            self.stderr.write(
                f"row {row}: no time zone found (none in the feed, coordinates "
                "or ZIP): its times are shown as local times."
            )
        if without:
            self.stderr.write(
                f"{len(without)} meetings have no time zone; give --timezone ZONE "
                "to set one."
            )
