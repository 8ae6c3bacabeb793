"""Root of the test suite: say which database this pass runs on."""

import pytest

# --clock-at: the tests that read the time, again under frozen clocks.
pytest_plugins = ["clearhead.core.pytest_clock", "pytester"]


def pytest_configure(config):
    """The Spanish pages read compiled catalogues, as after `make run`."""
    from clearhead.core.catalogues import compile_catalogues

    compile_catalogues()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"clearhead database: {engine}"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A Spanish request leaves Spanish active in its thread (Django's
    LocaleMiddleware does not switch back): the next test starts in English."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_audit_checkpoint(tmp_path_factory, request):
    """Each test checkpoints the audit chain into a file of its own, never var/."""
    from django.test import override_settings

    directory = tmp_path_factory.getbasetemp() / "audit-checkpoints"
    directory.mkdir(exist_ok=True)
    name = f"{abs(hash(request.node.nodeid))}.json"
    with override_settings(AUDIT_CHECKPOINT_FILE=directory / name):
        yield
