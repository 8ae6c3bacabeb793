"""Feeds: reading a feed's file or URL into records, and refreshing registered
feeds from their URLs on a schedule (the worker calls feeds_refresh_due).

The import commands and the worker go through records_for(), so a feed
fetched by the worker is read exactly as the operator's first import read it
(the options it was imported with are kept on the feed).
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

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


def records_for(kind: str, data, options: dict) -> list:
    """Parse a feed's data into records and skips (NotThisFormat if it is not
    the kind of file the feed holds)."""
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


def refresh(feed: Feed) -> services.ImportSummary | None:
    """Fetch a feed's URL and import it; on a bad response, log it, note it on
    the feed and leave its rows alone. Logs name the feed, never a row."""
    now = clock.now()
    try:
        data = parse_json(fetch(feed.url))
        if not raw_rows(data):
            raise FeedProblem("it holds no rows")
        summary = import_data(feed, data, confirmed_at=now)
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
