import logging

from clearhead.core.logging import RedactQueryStrings


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
    RedactQueryStrings().filter(record)
    message = record.getMessage()
    assert "90210" not in message
    assert "residential" not in message
    assert message.startswith('"GET /find/?[redacted]')
