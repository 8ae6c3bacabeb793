"""Browser tests: Playwright driving Debian's Chromium against a live server.

Every page visited is checked with axe-core, and every request the browser
makes is recorded so that a test can prove none went to another host.
"""

import os
from urllib.parse import urlsplit

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; Django's live
# server runs in another, so its async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CLEARHEAD_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach
# outside hosts, which this closed network refuses.
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    return {**browser_context_args, "viewport": viewport}


@pytest.fixture(autouse=True)
def _short_timeouts(request):
    # A missing element fails in seconds, not after Playwright's 30.
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        page.set_default_timeout(8_000)
        page.set_default_navigation_timeout(15_000)


@pytest.fixture(scope="session", autouse=True)
def _chart_library_loaded():
    """Load matplotlib before the first page. The live server runs in this
    process, and the first page with a chart otherwise pays its import
    (seconds on a busy machine) inside a click's timeout."""
    import matplotlib.dates
    import matplotlib.figure
    import matplotlib.ticker  # noqa: F401


@pytest.fixture
def pin_clock(page):
    """Pin the server's and the browser's clocks to one instant, for journeys
    that depend on the day: `pin_clock(instant)`.

    The server (the live server runs in this process) travels with
    time-machine; the page's own clock with Playwright's. Both tick on from
    there, so waiting still works.
    """
    travellers = []

    def pin(instant):
        traveller = time_machine.travel(instant, tick=True)
        traveller.start()
        travellers.append(traveller)
        page.clock.install(time=instant)

    yield pin
    for traveller in travellers:
        traveller.stop()


class RequestLog:
    """Every URL the page asked for, to prove nothing left this site."""

    def __init__(self, page, own_origin: str):
        self.own_host = urlsplit(own_origin).netloc
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != self.own_host
        ]


@pytest.fixture
def request_log(page, live_server):
    return RequestLog(page, live_server.url)


_axe = Axe()
# axe leaves WCAG 2.2's target-size rule (2.5.8: 24 by 24 CSS pixels, or
# spaced as if) off by default; a thumb on a phone needs it on everywhere.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"target-size": {"enabled": True}},
}


def assert_accessible(page) -> None:
    """Fail with axe's report if the page has any accessibility violation,
    WCAG 2.2 target size included."""
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def axe_check():
    return assert_accessible
