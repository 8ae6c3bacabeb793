"""A pytest plugin: rerun the tests that read the time under frozen clocks.

`--clock-at SPEC` (repeatable) runs every test marked `clock` once under
each frozen instant, with time-machine, so what passes at 3 pm passes after
midnight and across a daylight-saving change. A SPEC is:

* `HH:MM`: the next moment with that UTC wall time (00:30, 09:30, 23:30);
* `dst:ZONE`: half an hour after ZONE's next daylight-saving change;
* `local:ZONE@HH:MM`: the next moment ZONE's wall clocks read HH:MM (just
  before or after midnight where a patient lives);
* an ISO 8601 instant with an offset.

With `--clock-at`, only the `clock` tests run. `make test` runs them again
this way (scripts/run-tests). The clock ticks from the frozen instant, so
code that waits still waits. A property test that reads the time sizes its
search with `examples(n)`: spread over the instants, not repeated at each.
Loaded by the root conftest.py.
"""

import math
import time as system_time
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine


def pytest_report_header(config):
    return [
        f"clearhead frozen clock: {spec} = {instant:%Y-%m-%d %H:%M} UTC"
        for spec, instant in _frozen_instants(config)
    ]


def pytest_addoption(parser):
    parser.addoption(
        "--clock-at",
        action="append",
        default=[],
        metavar="SPEC",
        help="Run tests marked 'clock' frozen at SPEC: HH:MM (UTC), dst:ZONE, "
        "local:ZONE@HH:MM, or an ISO instant. Repeatable.",
    )


# How many frozen instants this run has (--clock-at), for `examples`.
_instants = 0


def pytest_configure(config):
    global _instants
    _instants = len(config.getoption("--clock-at"))
    config.addinivalue_line(
        "markers",
        "clock: reads the time; rerun under frozen instants with --clock-at",
    )


def examples(count: int) -> int:
    """Hypothesis's max_examples for a `clock` property test: `count`.

    Under K frozen instants (K >= 2) the test runs K times, and each run
    tries ceil(2 * count / K) examples, fresh ones each time: the frozen
    pass searches about twice what one run does, spread over its instants,
    instead of K times (at seven instants, repeating the whole search made
    the property tests an eighth of that pass). Read when the test module
    is imported, after pytest_configure.
    """
    if _instants < 2:
        return count
    return max(1, math.ceil(2 * count / _instants))


def next_wall_time(after: datetime, wall: time) -> datetime:
    """The first instant after `after` whose UTC wall clock reads `wall`."""
    candidate = datetime.combine(after.date(), wall, tzinfo=UTC)
    return candidate if candidate > after else candidate + timedelta(days=1)


def next_offset_change(after: datetime, zone: ZoneInfo) -> datetime:
    """The first whole hour after `after` at which `zone`'s UTC offset has changed.

    Every zone of interest changes on an hour boundary (UTC), so stepping an
    hour at a time over at most two years finds it.
    """
    start = after.replace(minute=0, second=0, microsecond=0)
    offset = start.astimezone(zone).utcoffset()
    for hours in range(1, 2 * 366 * 24):
        moment = start + timedelta(hours=hours)
        if moment.astimezone(zone).utcoffset() != offset:
            return moment
    raise pytest.UsageError(f"{zone.key} has no daylight-saving change ahead")


def next_local_time(after: datetime, zone: ZoneInfo, wall: time) -> datetime:
    """The first instant after `after` when `zone`'s wall clocks read `wall`."""
    here = after.astimezone(zone)
    for days in range(3):
        candidate = datetime.combine(here.date() + timedelta(days=days), wall, zone)
        if candidate > after:
            return candidate.astimezone(UTC)
    raise AssertionError("unreachable: a wall time comes round every day")


def parse_clock_spec(spec: str, after: datetime) -> datetime:
    """The instant a --clock-at SPEC names, relative to the real `after`."""
    try:
        if spec.startswith("local:"):
            zone, _, wall = spec.removeprefix("local:").partition("@")
            return next_local_time(after, ZoneInfo(zone), time.fromisoformat(wall))
        if spec.startswith("dst:"):
            zone = ZoneInfo(spec.removeprefix("dst:"))
            return next_offset_change(after, zone) + timedelta(minutes=30)
        if len(spec) == 5 and spec[2] == ":":
            return next_wall_time(after, time.fromisoformat(spec))
        instant = datetime.fromisoformat(spec)
    except (ValueError, KeyError) as error:
        raise pytest.UsageError(f"--clock-at {spec!r}: {error}") from None
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--clock-at {spec!r}: give the instant's offset")
    return instant.astimezone(UTC)


def _frozen_instants(config) -> list[tuple[str, datetime]]:
    if not hasattr(config, "_clearhead_instants"):
        # The real time, read once: the frozen instants are all ahead of it,
        # so dates tests wrote down as past stay past.
        # (Not core.clock: this runs before, and without, Django settings.)
        real_now = datetime.fromtimestamp(system_time.time(), UTC)  # noqa: TID251
        config._clearhead_instants = [
            (spec, parse_clock_spec(spec, real_now))
            for spec in config.getoption("--clock-at")
        ]
    return config._clearhead_instants


def pytest_generate_tests(metafunc):
    instants = _frozen_instants(metafunc.config)
    if instants and metafunc.definition.get_closest_marker("clock"):
        metafunc.parametrize(
            "_frozen_clock",
            [instant for _, instant in instants],
            ids=[f"clock={spec}" for spec, _ in instants],
            indirect=True,
        )


def pytest_collection_modifyitems(config, items):
    # With --clock-at, only the tests that read the time run again.
    if _frozen_instants(config):
        others = [item for item in items if not item.get_closest_marker("clock")]
        config.hook.pytest_deselected(items=others)
        items[:] = [item for item in items if item.get_closest_marker("clock")]


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    """Freeze time at this run's instant, if the test is parametrized with one."""
    instant = getattr(request, "param", None)
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant
