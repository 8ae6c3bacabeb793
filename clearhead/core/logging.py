"""Logging filters that keep what people typed out of the logs."""

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"']*")


class RedactQueryStrings(logging.Filter):
    """Replace the query string of any logged request line with "?…"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = QUERY_STRING.sub("?[redacted]", record.msg)
        return True
