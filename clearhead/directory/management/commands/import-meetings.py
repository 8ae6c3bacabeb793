"""clearhead import-meetings FILE: a Meeting Guide feed or a BMLT response."""

from clearhead.directory import services
from clearhead.directory.importers import meetings
from clearhead.directory.importers.command import (
    ImportCommand,
    read_json,
    with_progress,
)
from clearhead.directory.models import Source
from clearhead.directory.vocabulary import FELLOWSHIPS


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

    def handle(self, *args, file, strict, feed_format, fellowship, **options):
        data = read_json(file)
        feed_format = feed_format or self.parse_or_fail(
            file, lambda: meetings.detect_format(data)
        )
        rows = self.parse_or_fail(
            file,
            lambda: list(
                meetings.parse(data, feed_format=feed_format, fellowship=fellowship)
            ),
        )
        source = Source.BMLT if feed_format == "bmlt" else Source.MEETING_GUIDE
        summary = services.meetings_import(
            with_progress(rows, len(rows), "Meetings"), source=source
        )
        self.report(summary, strict=strict)
