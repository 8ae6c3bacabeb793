"""Meeting feeds: Meeting Guide JSON, and BMLT `GetSearchResults` JSON.

Both become the same records (meeting_guide.py and bmlt.py read one row
each). Days are 0-6 from Sunday, as Meeting Guide numbers them; times are
local clock times in the meeting's IANA zone (zones.py says how it is
found); `types` hold our Meeting Guide codes, and `other_types` the names of
the source's formats that have no code of ours. See
docs/directory-vocabulary.md for every mapping.
"""

from clearhead.directory.importers import bmlt, meeting_guide
from clearhead.directory.importers.meeting_common import FeedOptions
from clearhead.directory.importers.records import NotThisFormat, text
from clearhead.directory.vocabulary import FELLOWSHIPS

FORMATS = ("meeting-guide", "bmlt")


def bmlt_meetings(data) -> tuple[list, dict[str, str]] | None:
    """Return a BMLT response's meetings and its format names, or None.

    A server asked for formats answers {"meetings": [...], "formats": [...]};
    otherwise it answers with the list of meetings alone.
    """
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        names = {
            text(entry.get("key_string")): text(entry.get("name_string"))
            for entry in data.get("formats") or []
            if isinstance(entry, dict) and text(entry.get("key_string"))
        }
        return data["meetings"], names
    if isinstance(data, list) and any(
        isinstance(row, dict) and ("id_bigint" in row or "meeting_name" in row)
        for row in data[:20]
    ):
        return data, {}
    return None


def detect_format(data) -> str:
    """Name the feed's format from its shape, or raise NotThisFormat."""
    if bmlt_meetings(data) is not None:
        return "bmlt"
    if isinstance(data, list):
        sample = [row for row in data[:20] if isinstance(row, dict)]
        if not data or any("slug" in row or "name" in row for row in sample):
            return "meeting-guide"
    raise NotThisFormat(
        "not a meeting feed: expected a JSON list of Meeting Guide meetings, "
        'or a BMLT GetSearchResults response (a list, or {"meetings", "formats"})'
    )


def parse(
    data,
    *,
    feed_format: str | None = None,
    fellowship: str | None = None,
    time_zone: str = "",
    rows=None,
):
    """Yield a record or a skip for every meeting in the feed.

    `rows`, when given, iterates the feed's rows (read as a stream), and
    `data` is then the document with its first rows only: enough to tell
    its format and check its shape."""
    feed_format = feed_format or detect_format(data)
    fellowship = fellowship or ("na" if feed_format == "bmlt" else "aa")
    if fellowship not in FELLOWSHIPS:
        raise NotThisFormat(f"unknown fellowship {fellowship!r}")
    options = FeedOptions(fellowship=fellowship, time_zone=time_zone)
    if feed_format == "bmlt":
        found = bmlt_meetings(data)
        if found is None:
            raise NotThisFormat(
                'a BMLT response must be a list of meetings or {"meetings": [...]}'
            )
        found_rows, format_names = found
        for number, row in enumerate(found_rows if rows is None else rows, start=1):
            yield bmlt.parse_row(number, row, options, format_names)
        return
    if not isinstance(data, list):
        raise NotThisFormat("a Meeting Guide feed must be a JSON list")
    for number, row in enumerate(data if rows is None else rows, start=1):
        yield meeting_guide.parse_row(number, row, options)
