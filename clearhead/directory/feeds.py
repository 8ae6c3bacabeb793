"""Feeds: reading a feed's file or URL into records, and refreshing registered
feeds from their URLs on a schedule (the worker calls feeds_refresh_due).

The import commands and the worker go through records_for(), so a feed
fetched by the worker is read exactly as the operator's first import read it
(the options it was imported with are kept on the feed).
"""

import contextlib
import itertools
import json
import logging
import operator
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import ijson
from django.conf import settings
from django.db.models import Q

from clearhead.core import clock
from clearhead.directory import services
from clearhead.directory.importers import meetings, samhsa
from clearhead.directory.importers.records import NotThisFormat, Skipped, text
from clearhead.directory.models import Feed, Source

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 30
MAX_FEED_BYTES = 50 * 1024 * 1024
# A streamed meeting feed may be larger: it is never held in memory whole.
MAX_STREAMED_FEED_BYTES = 500 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
# Deeper than any feed's rows: a document nested deeper is refused.
MAX_DEPTH = 64
USER_AGENT = "Clearhead directory importer"


class FeedProblem(ValueError):
    """The feed could not be fetched or read; the message says why, in one line."""


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def fetch(url: str) -> bytes:
    """The body of a successful GET of `url`, or FeedProblem."""
    if not is_url(url):
        raise FeedProblem("only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, checked above
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as reply:  # noqa: S310
            body = reply.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FeedProblem(f"the server answered HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FeedProblem(f"could not fetch it ({reason})") from None
    if len(body) > MAX_FEED_BYTES:
        raise FeedProblem(f"it is larger than {MAX_FEED_BYTES // 1024 // 1024} MB")
    return body


@contextlib.contextmanager
def fetched_to_file(url: str) -> Iterator[Path]:
    """Fetch `url` into a temporary file (removed afterwards), a chunk at a
    time, so that a large feed is never held in memory whole."""
    if not is_url(url):
        raise FeedProblem("only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, checked above
    with tempfile.TemporaryDirectory(prefix="clearhead-feed-") as folder:
        path = Path(folder) / "feed.json"
        size = 0
        try:
            with (
                urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as reply,  # noqa: S310
                path.open("wb") as out,
            ):
                while chunk := reply.read(CHUNK_BYTES):
                    size += len(chunk)
                    if size > MAX_STREAMED_FEED_BYTES:
                        raise FeedProblem(
                            "it is larger than "
                            f"{MAX_STREAMED_FEED_BYTES // 1024 // 1024} MB"
                        )
                    out.write(chunk)
        except urllib.error.HTTPError as error:
            raise FeedProblem(f"the server answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise FeedProblem(f"could not fetch it ({reason})") from None
        yield path


def _first_line(error: Exception) -> str:
    """ijson's error in one line (it gives bytes, and a picture of the spot)."""
    message = error.args[0] if error.args else ""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    lines = str(message).strip().splitlines()
    return lines[0] if lines else "a syntax error"


# How each event of ijson.basic_parse changes the depth of nesting.
_DEPTH_CHANGE = {"start_array": 1, "start_map": 1, "end_array": -1, "end_map": -1}


def _check_depth(events) -> None:
    """Read the rest of a list's events (the list itself open: depth 1),
    refusing one nested deeper than MAX_DEPTH. Every step is C code (map,
    accumulate, dropwhile): no Python code runs per event."""
    changes = map(
        _DEPTH_CHANGE.get, map(operator.itemgetter(0), events), itertools.repeat(0)
    )
    depths = itertools.accumulate(changes, initial=1)
    if next(itertools.dropwhile(MAX_DEPTH.__ge__, depths), None) is not None:
        raise FeedProblem("not a feed (its JSON is nested too deeply)")


def _keys_and_depth(events, kind: str) -> dict:
    """The rest of a document's events read (its first one read already):
    an object's keys with the first event of each one's value, refusing a
    document nested deeper than MAX_DEPTH."""
    keys, depth, key = {}, int(kind == "object"), None
    for event, value in events:
        if depth == 1 and kind == "object":
            if event == "map_key":
                key = value
            elif key is not None:
                keys.setdefault(key, event)
                key = None
        if event in ("start_array", "start_map"):
            depth += 1
            if depth > MAX_DEPTH:
                raise FeedProblem("not a feed (its JSON is nested too deeply)")
        elif event in ("end_array", "end_map"):
            depth -= 1
    return keys


class JsonStream:
    """A feed's JSON file, read as a stream with ijson: one row at a time,
    never the whole document (a national feed has 100,000 rows).

    `shape()` and `sample()` read only the start of the file (a JSON object
    is scanned once for its keys, building nothing); `rows()` yields the rows
    one by one. A syntax error found part-way raises FeedProblem, so the
    caller's transaction undoes what was written before it.
    """

    SAMPLE = 20

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._shape: tuple[str, dict] | None = None
        self._sample = None

    @contextlib.contextmanager
    def _reading(self):
        try:
            with self.path.open("rb") as file:
                yield file
        except ijson.JSONError as error:
            raise FeedProblem(f"not JSON ({_first_line(error)})") from None
        except UnicodeDecodeError as error:
            raise FeedProblem(f"not JSON ({error})") from None
        except RecursionError:
            raise FeedProblem("not a feed (its JSON is nested too deeply)") from None

    def _items(self, prefix: str):
        with self._reading() as file:
            yield from ijson.items(file, prefix, use_float=True)

    def shape(self) -> tuple[str, dict]:
        """("list", {}), ("object", {key: first event of its value}) or
        ("value", {}) for a lone string, number, true, false or null.

        Reads the whole file once without building anything, so that a syntax
        error or a document nested too deeply is refused before any row is
        imported (ijson's prefixes grow with depth: far too deep a document
        is stopped here, at MAX_DEPTH)."""
        if self._shape is not None:
            return self._shape
        with self._reading() as file:
            events = ijson.basic_parse(file, use_float=True)
            first, _ = next(events, ("", None))
            kind = {"start_array": "list", "start_map": "object"}.get(first, "value")
            if kind == "list":
                # A list's shape is known; only its depth is checked, at C
                # speed (a national feed has millions of events).
                keys = {}
                _check_depth(events)
            else:
                keys = _keys_and_depth(events, kind)
        self._shape = (kind, keys)
        return self._shape

    def sample(self):
        """The document with at most its first 20 rows: enough to tell its
        format (meetings.detect_format reads no further) and name its server."""
        if self._sample is None:
            self._sample = self._read_sample()
        return self._sample

    def _read_sample(self):
        kind, keys = self.shape()
        if kind == "list":
            return list(itertools.islice(self._items("item"), self.SAMPLE))
        if kind == "object":
            data = {}
            for key in ("meetings", "rows"):
                if keys.get(key) == "start_array":
                    data[key] = list(
                        itertools.islice(self._items(f"{key}.item"), self.SAMPLE)
                    )
            if keys.get("formats") == "start_array":
                data["formats"] = list(self._items("formats.item"))
            return data
        return next(self._items(""))

    def rows(self, key: str | None = None):
        """Every row, one at a time: the list's items, or those of `key`."""
        return self._items(f"{key}.item" if key else "item")


def parse_json(raw: bytes):
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedProblem(f"not JSON ({error})") from None
    except RecursionError:
        raise FeedProblem("not a feed (its JSON is nested too deeply)") from None


def raw_rows(data) -> list:
    """The file's rows as published, to name skipped rows in the report."""
    if isinstance(data, dict):
        for key in ("meetings", "rows"):
            if isinstance(data.get(key), list):
                return data[key]
        return []
    return data if isinstance(data, list) else []


def bmlt_server_of(data) -> str:
    """The BMLT server a response came from (its rows' root_server_uri).

    Only the server: a response is one search of it, so this names no feed
    and is never fetched (feeds.refresh fetches the search's own URL)."""
    if isinstance(data, JsonStream):
        data = data.sample()
    for row in raw_rows(data)[:20]:
        if isinstance(row, dict) and is_url(text(row.get("root_server_uri"))):
            return text(row.get("root_server_uri"))[:500]
    return ""


def row_label(row) -> str:
    """What a published row calls itself: its name and its id, as far as known."""
    if not isinstance(row, dict):
        return ""
    row = {k: v for k, v in row.items() if not isinstance(v, dict | list)}
    name = text(row.get("name") or row.get("meeting_name") or row.get("name1"))
    ident = text(row.get("slug") or row.get("id_bigint") or row.get("frid"))
    return f"{name}, id {ident}" if ident else name


def label_skipped(records: list, data) -> list:
    """Give every skipped row its name and id from the file."""
    rows = raw_rows(data)
    labelled = []
    for record in records:
        if isinstance(record, Skipped) and not record.label:
            row = rows[record.row - 1] if 0 < record.row <= len(rows) else None
            record = Skipped(record.row, record.reason, row_label(row))
        labelled.append(record)
    return labelled


def meeting_format(data, options: dict) -> str:
    return options.get("format") or meetings.detect_format(data)


def source_of_format(feed_format: str) -> str:
    return Source.BMLT if feed_format == "bmlt" else Source.MEETING_GUIDE


def _meeting_parse(data, options: dict, rows=None):
    return meetings.parse(
        data,
        feed_format=meeting_format(data, options),
        fellowship=options.get("fellowship"),
        time_zone=options.get("timezone") or "",
        rows=rows,
    )


def meeting_records_streamed(stream: JsonStream, options: dict):
    """The records and skips of a meeting feed read as a stream, one row at a
    time, each skip named by its row's name and id.

    Checks the format at once on the first rows (NotThisFormat, as for a
    loaded file); returns an iterator that reads the rest as it is consumed."""
    sample = stream.sample()
    # Every check the whole file would fail is made on its first rows.
    label_skipped(list(_meeting_parse(sample, options)), sample)
    kind, _ = stream.shape()
    if kind == "list":
        rows = stream.rows()
    elif kind == "object" and isinstance(sample.get("meetings"), list):
        rows = stream.rows("meetings")
    else:
        rows = None
    current = {}

    def remembered(rows):
        for row in rows:
            current["row"] = row
            yield row

    def labelled():
        if rows is None:
            yield from label_skipped(list(_meeting_parse(sample, options)), sample)
            return
        # parse reads one row for each record it yields: `current` holds the
        # row the record came from.
        for record in _meeting_parse(sample, options, rows=remembered(rows)):
            if isinstance(record, Skipped) and not record.label:
                record = Skipped(record.row, record.reason, row_label(current["row"]))
            yield record

    return labelled()


def records_for(kind: str, data, options: dict):
    """Parse a feed's data into records and skips (NotThisFormat if it is not
    the kind of file the feed holds). A meeting feed's JsonStream gives an
    iterator that reads it a row at a time; loaded data gives a list."""
    if isinstance(data, JsonStream):
        return meeting_records_streamed(data, options)
    if kind == Feed.Kind.MEETINGS:
        records = list(
            meetings.parse(
                data,
                feed_format=meeting_format(data, options),
                fellowship=options.get("fellowship"),
                time_zone=options.get("timezone") or "",
            )
        )
    else:
        records = list(samhsa.parse(data))
    return label_skipped(records, data)


def import_data(feed: Feed, data, *, confirmed_at=None) -> services.ImportSummary:
    """Import parsed JSON into `feed`, as the commands and the worker do."""
    records = records_for(feed.kind, data, feed.options)
    if feed.kind == Feed.Kind.MEETINGS:
        return services.meetings_import(records, feed=feed, confirmed_at=confirmed_at)
    return services.facilities_import(records, feed=feed, confirmed_at=confirmed_at)


def _fetch_and_import(feed: Feed, now) -> services.ImportSummary:
    """Fetch the feed and import it: a meeting feed is saved to a temporary
    file and read as a stream, never held whole."""
    if feed.kind != Feed.Kind.MEETINGS:
        data = parse_json(fetch(feed.url))
        if not raw_rows(data):
            raise FeedProblem("it holds no rows")
        return import_data(feed, data, confirmed_at=now)
    with fetched_to_file(feed.url) as path:
        stream = JsonStream(path)
        if not raw_rows(stream.sample()):
            raise FeedProblem("it holds no rows")
        return import_data(feed, stream, confirmed_at=now)


def refresh(feed: Feed) -> services.ImportSummary | None:
    """Fetch a feed's URL and import it; on a bad response, log it, note it on
    the feed and leave its rows alone. Logs name the feed, never a row."""
    now = clock.now()
    try:
        summary = _fetch_and_import(feed, now)
    except (FeedProblem, NotThisFormat) as error:
        problem = str(error)[:255]
    except Exception as error:
        # Only the error's type: its text could quote the feed's rows.
        problem = f"the feed could not be read ({type(error).__name__})"
    else:
        problem = ""
    if problem:
        logger.warning("Feed %s (%s): not refreshed: %s", feed.name, feed.url, problem)
        Feed.objects.filter(pk=feed.pk).update(
            last_fetched_at=now, last_fetch_problem=problem
        )
        return None
    Feed.objects.filter(pk=feed.pk).update(last_fetched_at=now, last_fetch_problem="")
    logger.info(
        "Feed %s: %s", feed.name, summary.line("refreshed").removeprefix("refreshed: ")
    )
    return summary


def feeds_refresh_due(now) -> int:
    """Refresh every feed with a URL not fetched within the refresh interval
    (CLEARHEAD_FEED_REFRESH_HOURS; 0 turns refreshing off). Returns how many
    feeds were fetched."""
    hours = settings.CLEARHEAD_FEED_REFRESH_HOURS
    if not hours:
        return 0
    due = Feed.objects.exclude(url="").filter(
        Q(last_fetched_at=None) | Q(last_fetched_at__lte=now - timedelta(hours=hours))
    )
    fetched = 0
    for feed in due.order_by("pk"):
        refresh(feed)
        fetched += 1
    return fetched
