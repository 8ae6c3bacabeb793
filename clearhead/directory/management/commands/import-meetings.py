"""clearhead import-meetings FILE --feed NAME: a Meeting Guide feed or a BMLT response."""

from clearhead.directory import feeds
from clearhead.directory.importers import meetings
from clearhead.directory.importers.command import ImportCommand, read_file_or_url
from clearhead.directory.models import Feed
from clearhead.directory.vocabulary import FELLOWSHIPS


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

    def handle(self, *args, file, feed_format, fellowship, **options):
        data, fetched = read_file_or_url(file)
        feed_format = feed_format or self.parse_or_fail(
            file, lambda: feeds.meeting_format(data, {})
        )
        self.import_feed(
            path=file,
            data=data,
            fetched=fetched,
            kind=Feed.Kind.MEETINGS,
            fmt=feeds.source_of_format(feed_format),
            options={"format": feed_format, "fellowship": fellowship},
            args=options,
        )
