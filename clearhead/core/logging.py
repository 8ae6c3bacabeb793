"""Logging that keeps secrets and what people typed out of the logs.

One rule, `redact()`, for Django's own log lines (the filter in settings'
LOGGING) and for gunicorn's access log (`GunicornLogger`, which
`clearhead serve` passes with --logger-class): query strings, invitation
codes and password-reset links never reach a log.
"""

import logging
import re

from gunicorn.glogging import Logger

QUERY_STRING = re.compile(r"\?[^\s\"']*")
# Path segments that are secrets: whoever reads them can use them. An
# invitation code (/account/invitation/<code>/) and a password-reset link
# (/account/password/reset/<uidb64>/<token>/, then .../<uidb64>/set-password/),
# and a referral's secret status link (/referrals/status/<token>/).
# test_logging checks every URL pattern with such a parameter is covered.
SEGMENT = r"[^/\s?#\"']+"
SECRET_IN_PATH = re.compile(
    rf"(/account/invitation/){SEGMENT}"
    rf"|(/account/password/reset/)(?!sent/){SEGMENT}(?:/{SEGMENT})?"
    rf"|(/referrals/status/){SEGMENT}"
)
REDACTED = "[redacted]"
# Requests for static files are not logged at all: a page brings several.
STATIC_PREFIX = "/static/"


def redact(text: str) -> str:
    """Return text with secrets in paths and every query string redacted."""
    text = SECRET_IN_PATH.sub(
        lambda match: f"{match[1] or match[2] or match[3]}{REDACTED}", text
    )
    return QUERY_STRING.sub(f"?{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Redact query strings and secrets in paths of any logged line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


class ClientErrorsOnOneLine(logging.Filter):
    """Log a 4xx response as its one line, without the exception's traceback.

    Django logs a refused request (403, 400) with the exception that caused
    it; that is the app working, not failing. 5xx keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with `redact()` applied to every access-log field."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO", "").startswith(STATIC_PREFIX):
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str):
                atoms[name] = redact(value)
        for name in ("q", "{query_string}e"):
            if atoms.get(name):
                atoms[name] = REDACTED
        return atoms
