"""The benchmark harness's own logic: its safety limit and its report.

The scenarios themselves run in `make bench`; these tests make sure a long
run cannot end in a crash while writing its table, and that the load
generator never sends traffic beyond this machine.
"""

import pytest

from bench import load, meeting_import, run
from bench.checkins import combined


def test_the_load_generator_only_sends_to_loopback():
    with pytest.raises(SystemExit, match="loopback"):
        load.run("http://example.org/api/v1/checkins", ["t"], 1, 1, 1)


def test_rounds_combine_into_total_throughput_and_median_latency():
    rounds = [
        {
            "requests": 100,
            "ok": 100,
            "seconds": 2.0,
            "p50_ms": 10,
            "p95_ms": 30,
            "p99_ms": 40,
        },
        {
            "requests": 100,
            "ok": 100,
            "seconds": 1.0,
            "p50_ms": 20,
            "p95_ms": 50,
            "p99_ms": 90,
        },
        {
            "requests": 100,
            "ok": 90,
            "seconds": 1.0,
            "p50_ms": 30,
            "p95_ms": 60,
            "p99_ms": 99,
        },
    ]
    figures = combined(rounds)
    assert figures["throughput_rps"] == 72.5  # 290 answered in 4 seconds
    assert figures["p50_ms"] == 20
    assert figures["p95_ms"] == 50


def _import_run(seconds, growth, listed=100_000):
    return {
        "seconds": seconds,
        "growth_mb": growth,
        "cold_growth_mb": growth + 70,
        "listed": listed,
    }


def test_the_import_targets_compare_raw_values_never_rounded_ones():
    # 60.004 s shows as 60.0 but misses a 60 s target.
    verdict = meeting_import.verdicts(
        _import_run(60.004, 12.0), _import_run(20.0, 30.0), 100_000
    )
    assert verdict["figures"]["import_seconds"]["value"] == 60.0
    assert verdict["figures"]["import_seconds"]["meets_target"] is False
    assert verdict["meets_target"] is False
    passing = meeting_import.verdicts(
        _import_run(59.9, 99.99), _import_run(29.99, 30.0), 100_000
    )
    assert passing["meets_target"] is True
    # A meeting missing after either run fails the scenario.
    missing = meeting_import.verdicts(
        _import_run(10.0, 10.0), _import_run(5.0, 5.0, listed=99_999), 100_000
    )
    assert missing["meets_target"] is False


def _http(rps):
    return {"throughput_rps": rps, "p50_ms": 5.0, "p95_ms": 9.0, "p99_ms": 12.0}


SAMPLE = [
    {
        "scenario": "directory search",
        "database": "sqlite",
        "facilities": 20000,
        "facility_search": {"p50_ms": 2.0, "p95_ms": 3.0},
        "naive_scan": {"p50_ms": 40.0, "p95_ms": 45.0},
        "speedup_p50": 20.0,
        "queries_per_search": [1],
        "meeting_search": {"p50_ms": 2.0, "p95_ms": 3.0},
        "meets_target": True,
    },
    {
        "scenario": "meeting import",
        "database": "postgresql",
        "meetings": 100000,
        "feed_mb": 40.9,
        "all_listed": True,
        **meeting_import.verdicts(
            _import_run(61.5, 15.0), _import_run(24.6, 45.0), 100_000
        ),
    },
    {
        "scenario": "check-in write path",
        "database": "postgresql",
        "workers": 4,
        "checkins": _http(80.0),
        "floor": _http(100.0),
        "round_ratios": [0.8, 0.75],
        "ratio_to_floor": 0.78,
        "target_ratio": 0.7,
    },
    {
        "scenario": "caseload",
        "database": "sqlite",
        "sizes": [
            {"patients": 10, "queries": 14, "p50_ms": 30.0, "p95_ms": 35.0},
            {
                "patients": 1000,
                "queries": 14,
                "variant_queries": {
                    "last_checkin": 14,
                    "last_contact": 15,
                    "search": 14,
                },
                "p50_ms": 330.0,
                "p95_ms": 350.0,
            },
        ],
        "growth_p50": 11.0,
        "growth_p50_raw": 11.0,
        "meets_target": False,
        "quiet": {
            "patients": 2000,
            "quiet": 1200,
            "queries": 15,
            "p50_ms": 500.0,
            "p95_ms": 520.0,
            "ratio_to_baseline": 16.7,
            "meets_target": False,
        },
    },
    {
        "scenario": "public pages",
        "database": "sqlite",
        "workers": 2,
        "floor": _http(400.0) | {"path": "/healthz", "per_worker_rps": 200.0},
        "pages": {
            "home": _http(300.0)
            | {"path": "/", "per_worker_rps": 150.0, "ratio_to_floor": 0.75}
        },
    },
    {
        "scenario": "outcomes report",
        "database": "postgresql",
        "sizes": [
            {
                "patients": 10000,
                "checkins": 810000,
                "page": {"p50_ms": 900.0},
                "csv_ms": 880.0,
                "floor_count_ms": 60.0,
                "ratio_to_floor": 15.0,
                "worker_peak_mb": 120.0,
                "worker_growth_mb": 2.5,
            }
        ],
        "meets_target": True,
    },
]


def test_the_report_has_a_table_for_every_scenario_and_flags_a_missed_target():
    table = run.markdown(SAMPLE, "full")
    for heading in (
        "## Directory search",
        "## Meeting Guide feed import",
        "## Check-in write path",
        "## Caseload dashboard",
        "## Public pages",
        "## Outcomes report",
    ):
        assert heading in table
    assert "| postgresql | 4 | 80.0 |" in table
    assert (
        "| postgresql | 100,000 | 40.9 | first import | 61.5 s | ≤ 60 s | NO |" in table
    )
    assert "| re-import unchanged | 24.6 s | ≤ 30 s | yes |" in table
    assert "| first import, memory growth | 15.0 MB | ≤ 100 MB | yes |" in table
    assert "| re-import, memory growth | 45.0 MB | none | n/a |" in table
    assert "| 0.8, 0.75 | 0.78 | yes |" in table
    # Each order's queries beside the page's (an older result has none).
    assert (
        "| sqlite | 1,000 | 14 | 14 / 15 / 14 | 330.0 | 350.0 | 11.000x | NO |" in table
    )
    assert "| sqlite | 10 | 14 | not measured | 30.0 |" in table
    assert "| 10,000 | 810,000 | 900.0 |" in table
    # The quiet case: its queries differ from the 10-patient page's (14).
    assert "| sqlite | 2,000 | 1,200 | 15 | 500.0 | 520.0 | 16.700x | NO |" in table


def _peak_step(rate, passes, p95, reasons=(), kept=None):
    return {
        "kept": kept
        or {"sent": 10, "rows": 10, "lost": 0, "doubled": 0, "double_taps": 1},
        "rate": rate,
        "passes": passes,
        "reasons": list(reasons),
        "steps": {
            "home": {"count": 40, "p50_ms": 60.0, "p95_ms": p95, "statuses": {}},
            "check_in": {"count": 40, "p50_ms": 80.0, "p95_ms": p95, "statuses": {}},
        },
        "journey_ms": {"count": 40, "p50_ms": 200.0, "p95_ms": 3 * p95},
    }


PEAK = {
    "scenario": "evening peak",
    "database": "postgresql",
    "servers": 2,
    "workers_per_server": 2,
    "password_share": 0.2,
    "password_check_ms": 180.0,
    "patient": {
        "best_rate": 4.0,
        "at_best": _peak_step(4.0, True, 250.0),
        "steps": [
            _peak_step(2.0, True, 120.0),
            _peak_step(4.0, True, 250.0),
            _peak_step(
                8.0,
                False,
                900.0,
                ["home p95 900.0 ms"],
                {"sent": 20, "rows": 21, "lost": 0, "doubled": 1, "double_taps": 2},
            ),
        ],
    },
    "floor": {
        "best_rate": 16.0,
        "at_best": _peak_step(16.0, True, 90.0),
        "steps": [
            _peak_step(16.0, True, 90.0, kept={"inserted": 320, "rows": 320}),
            _peak_step(32.0, False, 400.0, kept={"inserted": 640, "rows": 640}),
        ],
    },
    "ratio_to_floor": 0.25,
    "meets_target": True,
}


def test_the_peak_table_shows_both_rates_their_raw_ratio_and_what_was_kept():
    table = run.markdown([PEAK], "quick")
    assert "## Evening peak" in table
    assert (
        "| postgresql | 2 x 2 | patient | 4 | 2 ✓, 4 ✓, 8 | home 250.0, check_in 250.0 "
        "| 750.0 | 41 rows for 40 patients (4 double taps): 0 lost, 1 doubled "
        "| 0.250 | yes |"
    ) in table
    assert "| floor | 16 | 16 ✓, 32 |" in table
    assert "960 rows for 960 inserts | 1.0 | n/a |" in table
    assert "patient 8/s: home p95 900.0 ms" in table


def test_a_peak_run_where_no_rate_passed_says_so():
    failed = PEAK | {
        "patient": {
            "best_rate": 0.0,
            "at_best": None,
            "steps": [_peak_step(1.0, False, 700.0, ["home p95 700.0 ms"])],
        },
        "ratio_to_floor": 0.0,
        "meets_target": False,
    }
    table = run.markdown([failed], "quick")
    assert "| patient | 0 | 1 | none passed | n/a |" in table
    assert "| 0.000 | NO |" in table


def test_the_arrivals_only_go_to_loopback_and_keep_their_count():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from bench import arrivals

    # In a thread of its own: a browser journey run earlier in this worker
    # may have left its event loop set on the main thread.
    with ThreadPoolExecutor(1) as pool, pytest.raises(SystemExit, match="loopback"):
        pool.submit(
            asyncio.run,
            arrivals.drive(["http://example.org"], "floor", [], 1, 1, "fixed", 0, 1, 1),
        ).result()
    poisson = arrivals.arrival_times(2.5, 20, "poisson", seed=7)
    assert len(poisson) == 50
    assert poisson == sorted(poisson)
    assert poisson[0] >= 0
    assert poisson[-1] < 20
    assert arrivals.arrival_times(4, 1, "fixed", seed=7) == [0, 0.25, 0.5, 0.75]


class _Capacity:
    """A pretend server that keeps up with fewer than 5 arrivals a second."""

    bisecting = False

    def __init__(self):
        self.tried = []

    def __call__(self, rate):
        self.tried.append(rate)
        return {
            "rate": rate,
            "journey": "patient",
            "passes": rate < 5,
            "reasons": [] if rate < 5 else ["home p95 900 ms"],
            "bisecting": self.bisecting,
        }


def test_the_peak_search_doubles_then_bisects_between_pass_and_fail():
    from bench.peak import search

    capacity = _Capacity()
    best, steps = search(capacity, 1, 0, 60, bisections=2)
    assert capacity.tried == [1, 2, 4, 8, 6.0, 5.0]
    assert best == 4
    assert [s["passes"] for s in steps] == [True, True, True, False, False, False]


def test_the_targets_table_puts_each_figure_beside_its_baseline_and_raw_ratio():
    table = run.markdown([*SAMPLE, PEAK], "full")
    targets = table[table.index("## Targets") : table.index("## Directory search")]
    assert (
        "| caseload | sqlite | caseload page p50, 1,000 patients | 330.0 ms | "
        "10 patients 30.0 ms | 11.000 | ≤ 3x, same queries | NO |"
    ) in targets
    assert (
        "| check-in write path | postgresql | check-ins per second | 80.0/s | "
        "floor 100.0/s | 0.780 | ≥ 0.7 of the floor | yes |"
    ) in targets
    assert "| meeting import | postgresql | first import | 61.5 s |" in targets
    assert "| ≤ 60 s | NO |" in targets
    assert (
        "| evening peak | postgresql | patients arriving, highest rate passing | 4/s | "
        "floor journeys 16/s | 0.250 | p95 ≤ 300 ms, none lost or doubled | yes |"
    ) in targets
