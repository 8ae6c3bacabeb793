import io
import logging
import sys
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gunicorn.config import Config

from clearhead.core.logging import (
    STATIC_PREFIX,
    ClientErrorsOnOneLine,
    GunicornLogger,
    RedactSecrets,
    redact,
)
from clearhead.operations.management.commands.serve import ACCESS_LOG_FORMAT

SECRET = "s3cretCode42"


def test_query_strings_never_reach_the_logs():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET /find/?zip=%s&level=residential HTTP/1.1" 200',
        ("90210",),
        None,
    )
    RedactSecrets().filter(record)
    message = record.getMessage()
    assert "90210" not in message
    assert "residential" not in message
    assert message.startswith('"GET /find/?[redacted]')


@pytest.mark.parametrize(
    ("line", "redacted"),
    [
        (
            f"Not Found: /account/invitation/{SECRET}/",
            "Not Found: /account/invitation/[redacted]/",
        ),
        (
            f'"GET /account/password/reset/MQ/{SECRET}/" 302',
            '"GET /account/password/reset/[redacted]/" 302',
        ),
        (
            "/account/password/reset/MQ/set-password/",
            "/account/password/reset/[redacted]/",
        ),
        ("/account/password/reset/sent/", "/account/password/reset/sent/"),
        ("/account/password/reset/", "/account/password/reset/"),
        ("/account/invitations/", "/account/invitations/"),
        (
            f'"POST /referrals/status/{SECRET}/withdraw/" 302',
            '"POST /referrals/status/[redacted]/withdraw/" 302',
        ),
    ],
)
def test_codes_and_reset_links_in_paths_are_redacted(line, redacted):
    assert redact(line) == redacted


SECRET_PARAMETERS = {"code", "token", "uidb64", "key", "secret"}


def _patterns(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def test_every_url_with_a_code_or_token_in_its_path_is_redacted():
    """A new URL that carries a secret in its path must join the redaction rule."""
    checked = 0
    for name, pattern in _patterns(get_resolver()):
        parameters = pattern.pattern.converters
        secrets = SECRET_PARAMETERS & set(parameters)
        if not secrets:
            continue
        kwargs = {
            parameter: uuid.uuid4()
            if type(converter).__name__ == "UUIDConverter"
            else 7
            if type(converter).__name__ == "IntConverter"
            else f"{SECRET}{parameter}"
            for parameter, converter in parameters.items()
        }
        logged = redact(f"Not Found: {reverse(name, kwargs=kwargs)}")
        for parameter in secrets:
            assert f"{SECRET}{parameter}" not in logged, name
        checked += 1
    assert checked >= 2  # the invitation and the password-reset links


def _access_line(path: str, capsys, query: str = "") -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", ACCESS_LOG_FORMAT)
    logger = GunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"http://127.0.0.1:8000{path}",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    return capsys.readouterr().out


def test_the_access_log_redacts_codes_and_tokens(capsys):
    line = _access_line(f"/account/invitation/{SECRET}/", capsys, query="x=1")
    assert '"GET /account/invitation/[redacted]/" 200' in line
    assert SECRET not in line
    line = _access_line(f"/account/password/reset/MQ/{SECRET}/", capsys)
    assert '"GET /account/password/reset/[redacted]/" 200' in line


def test_the_access_log_leaves_out_static_files(capsys):
    assert settings.STATIC_URL.strip("/") == STATIC_PREFIX.strip("/")
    assert _access_line("/static/css/site.css", capsys) == ""
    assert '"GET /learn/" 200' in _access_line("/learn/", capsys)


def test_serve_runs_gunicorn_with_the_redacting_logger():
    from clearhead.operations.management.commands.serve import Command

    web = Command()._commands("127.0.0.1:8000", 1)["web server"]
    assert web[web.index("--logger-class") + 1] == (
        "clearhead.core.logging.GunicornLogger"
    )


@pytest.fixture
def django_log():
    """What Django's console handler writes, as configured in settings.LOGGING."""
    (handler,) = [
        handler
        for handler in logging.getLogger("django").handlers
        if any(isinstance(f, RedactSecrets) for f in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_page_logs_one_line_without_a_traceback(
    client, admin_ada, django_log
):
    client.force_login(admin_ada)
    assert client.get("/clinic/").status_code == 403
    assert django_log.getvalue().splitlines() == [
        "Forbidden (Permission denied): /clinic/"
    ]


def test_a_server_error_keeps_its_traceback(django_log):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            "/clinic/",
            exc_info=sys.exc_info(),
            extra={"status_code": 500},
        )
    output = django_log.getvalue()
    assert output.startswith("Internal Server Error: /clinic/\nTraceback")
    assert "RuntimeError: boom" in output


def test_client_errors_lose_their_traceback_also_from_django_security():
    try:
        raise ValueError("bad host")
    except ValueError:
        record = logging.LogRecord(
            "django.security.DisallowedHost",
            logging.ERROR,
            __file__,
            1,
            "Invalid HTTP_HOST header",
            None,
            sys.exc_info(),
        )
    record.status_code = 400
    ClientErrorsOnOneLine().filter(record)
    assert record.exc_info is None
