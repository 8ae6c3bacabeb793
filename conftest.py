"""Root of the test suite: say which database this pass runs on."""


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"clearhead database: {engine}"
