"""What the import commands share: reading the file or URL, naming the feed,
the progress bar, the report."""

import contextlib
import hashlib
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from clearhead.core import clock
from clearhead.directory import feeds, services
from clearhead.directory.importers.records import NotThisFormat, Record
from clearhead.directory.models import Feed, Source

NAME_LENGTH = Feed._meta.get_field("name").max_length


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
        return feeds.parse_json(raw)
    except feeds.FeedProblem as error:
        raise CommandError(f"{path}: {error}.") from None


def read_file_or_url(path: str):
    """(data, fetched) for a file path or an http(s) URL."""
    if not feeds.is_url(path):
        return read_json(path), False
    try:
        return feeds.parse_json(feeds.fetch(path)), True
    except feeds.FeedProblem as error:
        raise CommandError(f"{path}: {error}.") from None


@contextlib.contextmanager
def streamed_file_or_url(path: str):
    """(JsonStream, fetched) for a file path or an http(s) URL: the file is
    read as a stream, a URL fetched into a temporary file first. Its shape is
    checked at once (one line saying why it cannot be read)."""
    try:
        if feeds.is_url(path):
            with feeds.fetched_to_file(path) as fetched:
                stream = feeds.JsonStream(fetched)
                stream.shape()
                yield stream, True
            return
        if not Path(path).is_file():
            Path(path).open("rb").close()  # the OSError names why
        stream = feeds.JsonStream(path)
        stream.shape()
    except OSError as error:
        raise CommandError(
            f"{path}: cannot read the file ({error.strerror})."
        ) from None
    except feeds.FeedProblem as error:
        raise CommandError(f"{path}: {error}.") from None
    yield stream, False


def with_progress(records, total: int | None, label: str):
    return tqdm(
        records, total=total, desc=label, unit=" rows", file=sys.stderr, leave=False
    )


def confirmed_date(value: str) -> datetime:
    """--confirmed YYYY-MM-DD, as noon UTC on that day (the same date everywhere)."""
    return datetime.combine(date.fromisoformat(value), time(12), tzinfo=UTC)


class ImportCommand(BaseCommand):
    """Runs a parser over a feed's file and reports like every Clearhead importer."""

    noun = "Rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file, or the feed's http(s) URL.")
        parser.add_argument(
            "--feed",
            help=(
                "The feed's name, a short name you choose (like sussex-aa). Rows "
                "are keyed by feed and the feed's own id; rows missing from a "
                "later import of the same feed are retired. Required unless "
                "the feed's URL is given (as FILE or --url)."
            ),
        )
        parser.add_argument(
            "--url",
            help=(
                "Where the feed is published; the worker then fetches it on a "
                "schedule (CLEARHEAD_FEED_REFRESH_HOURS)."
            ),
        )
        parser.add_argument(
            "--confirmed",
            type=confirmed_date,
            default=None,
            help=(
                "The date the feed vouched for these rows (YYYY-MM-DD), shown on "
                "every listing. A URL fetched now is confirmed now."
            ),
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Exit with failure if any row was skipped.",
        )

    def feed_name(self, path: str, name: str | None, url: str) -> str:
        """The feed's name: --feed, else its URL. Never cut short, since two
        long names cut to one would be one feed, and each import of either
        would retire the other's rows."""
        if name is not None:
            name = name.strip()
            if not name or len(name) > NAME_LENGTH:
                raise CommandError(
                    f"--feed {name!r}: a feed's name is 1 to {NAME_LENGTH} "
                    "characters (a short name you choose, like sussex-aa)."
                )
            return name
        if len(url) > NAME_LENGTH:
            digest = hashlib.sha256(url.encode()).hexdigest()[:12]
            return f"{url[: NAME_LENGTH - len(digest) - 1]}~{digest}"
        if url:
            return url
        raise CommandError(
            f"{path}: this file names no source URL, so name its feed: "
            "--feed NAME (a short name you choose, like sussex-aa)."
        )

    def import_feed(self, *, path, data, fetched, kind, fmt, options, args):
        """Register the feed, parse its rows, import them and report."""
        if args["url"] and not feeds.is_url(args["url"]):
            raise CommandError(f"--url {args['url']}: not an http(s) URL.")
        url = args["url"] or (path if fetched else "")
        if fmt == Source.BMLT and not url and args["feed"] is None:
            self.refuse_partial_search(path, data)
        name = self.feed_name(path, args["feed"], url)
        records = self.parse_or_fail(
            path, lambda: feeds.records_for(kind, data, options)
        )
        confirmed = clock.now() if fetched else args["confirmed"]
        run_import = (
            services.meetings_import
            if kind == Feed.Kind.MEETINGS
            else services.facilities_import
        )
        self.records_seen, self.records_dated = 0, 0
        total = len(records) if isinstance(records, list) else None
        try:
            # One transaction: a streamed file found broken part-way leaves
            # the feed (and its rows) as they were.
            with transaction.atomic():
                feed = services.feed_register(
                    name=name, kind=kind, format=fmt, url=url, options=options
                )
                summary = run_import(
                    with_progress(self.noting(records), total, self.noun),
                    feed=feed,
                    confirmed_at=confirmed,
                )
        except feeds.FeedProblem as error:
            raise CommandError(f"{path}: {error}.") from None
        self.report_records()
        self.report(summary, strict=args["strict"])
        self.report_confirmation(confirmed)
        return summary

    def noting(self, records):
        """Pass the records on, noting what the report says of them (the
        records of a streamed feed are read once and not kept)."""
        for record in records:
            if isinstance(record, Record):
                self.records_seen += 1
                self.records_dated += bool(record.fields.get("source_updated"))
                self.note_record(record)
            yield record

    def note_record(self, record: Record) -> None:
        """Note what a kind of feed reports about one of its records."""

    def refuse_partial_search(self, path: str, data) -> None:
        """A BMLT file is one search of its server, and carries neither the
        search nor a name: named after the server, a second search of it would
        be the same feed, and importing it would retire the first's rows."""
        server = feeds.bmlt_server_of(data)
        of = f" of {server}" if server else ""
        raise CommandError(
            f"{path}: a BMLT response is one search{of}, not the whole server, "
            "so name its feed: --feed NAME (one name per search, like "
            "sussex-na), or give the search's URL with --url."
        )

    def report_records(self) -> None:
        """Say what a kind of feed needs said about its parsed rows."""

    def report_confirmation(self, confirmed) -> None:
        if confirmed is not None:
            self.stdout.write(f"Listings show them confirmed on {confirmed:%d %b %Y}.")
            return
        self.stdout.write(
            "No confirmation date given (--confirmed YYYY-MM-DD): listings show "
            f"the file's own date where a row has one ({self.records_dated} of "
            f"{self.records_seen}), otherwise that the date is not known."
        )

    def report(self, summary, *, strict: bool) -> None:
        for skipped in summary.skipped:
            named = f" [{skipped.label}]" if skipped.label else ""
            self.stderr.write(f"row {skipped.row}: skipped: {skipped.reason}{named}")
        for problem in summary.problems:
            self.stderr.write(f"row {problem.row}: {problem.reason} [{problem.label}]")
        for label, count in summary.unmapped.most_common(10):
            self.stdout.write(f"  unmapped label (kept): {label} ({count})")
        self.stdout.write(f"Feed {summary.feed}:")
        self.stdout.write(summary.line(self.noun))
        for line in summary.notes():
            self.stdout.write(line)
        if strict and summary.skipped:
            raise CommandError(f"{len(summary.skipped)} rows were skipped (--strict).")

    def parse_or_fail(self, path: str, parse):
        try:
            return parse()
        except NotThisFormat as error:
            raise CommandError(f"{path}: {error}.") from None
