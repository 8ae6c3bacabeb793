"""Run every benchmark on SQLite and, when one answers, PostgreSQL.

    python -m bench.run [--quick]

Writes bench/results/latest.json and latest.md, and prints the table.
"""

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/clearhead_bench"
)

SIZES = {
    "bench.directory": {
        "full": ["--facilities", "20000", "--meetings", "100000", "--searches", "200"],
        "quick": ["--facilities", "5000", "--meetings", "15000", "--searches", "50"],
    },
    "bench.meeting_import": {
        "full": ["--meetings", "100000"],
        "quick": ["--meetings", "10000"],
    },
    "bench.checkins": {
        "full": ["--requests", "3000", "--concurrency", "50", "--rounds", "6"],
        "quick": ["--requests", "800", "--concurrency", "50", "--rounds", "4"],
    },
    "bench.pages": {
        "full": [
            *("--requests", "4000", "--rounds", "4", "--concurrency", "20"),
            *("--workers", "2"),
            *("--facilities", "2000", "--meetings", "6000"),
        ],
        "quick": [
            *("--requests", "1200", "--rounds", "4", "--concurrency", "20"),
            *("--workers", "2"),
            *("--facilities", "2000", "--meetings", "6000"),
        ],
    },
    # Two servers on one PostgreSQL and Redis; arrivals stepped up for a
    # bounded time (full ≤ 6 min, quick ≤ 1.5 min on an idle 2-core machine).
    "bench.peak": {
        "full": [
            *("--seconds", "15", "--budget", "140", "--start-rate", "1"),
            *("--bisections", "3", "--workers", "2", "--grace", "10"),
        ],
        "quick": [
            *("--seconds", "4", "--budget", "30", "--start-rate", "1"),
            *("--bisections", "1", "--workers", "2", "--grace", "5"),
        ],
    },
    # Last: these two empty their bench database for each size.
    "bench.caseload": {
        # --quiet: 1,200 patients silent for three weeks among 2,000.
        "full": [
            *("--sizes", "10,100,1000", "--days", "90", "--views", "20"),
            *("--quiet", "2000,1200"),
        ],
        "quick": [
            *("--sizes", "10,100,1000", "--days", "30", "--views", "5"),
            *("--quiet", "2000,1200"),
        ],
    },
    "bench.outcomes": {
        "full": ["--sizes", "1000,10000", "--days", "90", "--views", "6"],
        "quick": ["--sizes", "500,2000", "--days", "90", "--views", "3"],
    },
    # Empties its own (small) database too.
    "bench.charts": {"full": ["--views", "20"], "quick": ["--views", "5"]},
}
DATABASE_FILES = {
    "bench.directory": "directory.sqlite3",
    "bench.meeting_import": "meeting_import.sqlite3",
    "bench.checkins": "checkins.sqlite3",
    "bench.pages": "pages.sqlite3",
    "bench.caseload": "caseload.sqlite3",
    "bench.outcomes": "outcomes.sqlite3",
    "bench.charts": "charts.sqlite3",
}
# Scenarios about several servers on one database server: no SQLite run.
POSTGRESQL_ONLY = {"bench.peak"}


def postgres_available() -> bool:
    import psycopg

    try:
        psycopg.connect(
            "postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3
        ).close()
    except psycopg.Error:
        return False
    with psycopg.connect(
        "postgres://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'clearhead_bench'"
        ).fetchone()
        if not exists:
            conn.execute("CREATE DATABASE clearhead_bench")
    return True


def databases(module: str) -> dict[str, str]:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    found = (
        {}
        if module in POSTGRESQL_ONLY
        else {"sqlite": f"sqlite:///{bench_dir / DATABASE_FILES[module]}"}
    )
    if postgres_available():
        found["postgresql"] = POSTGRES_URL
    else:
        print(
            "PostgreSQL did not answer on 127.0.0.1:5432; its runs are skipped.",
            file=sys.stderr,
        )
    return found


def run_scenario(module: str, database_url: str, size: str) -> dict:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "CLEARHEAD_DATA_DIR": str(ROOT / "var"),
    }
    output = subprocess.run(  # noqa: S603  (our own module, fixed arguments)
        [sys.executable, "-m", module, *SIZES[module][size]],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if output.returncode != 0:
        raise SystemExit(
            f"{module} on {database_url.split(':')[0]} failed:\n{output.stderr[-3000:]}"
        )
    return json.loads(output.stdout)


def directory_table(results: list[dict]) -> list[str]:
    """Facility search, and meetings near a place starting in the next 3
    hours, each beside its naive scan; pass or fail is the scenario's own
    verdict on the raw values (never the rounded ones shown)."""
    lines = [
        "## Directory search: nearest 20 facilities with two filters, in-process",
        "",
        "| database | facilities | p50 ms | p95 ms | naive scan p50 ms | naive p95 ms | speed-up | queries/search | meetings p50/p95 ms | target p95 ≤ 20 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['facilities']:,} | {r['facility_search']['p50_ms']} | "
            f"{r['facility_search']['p95_ms']} | {r['naive_scan']['p50_ms']} | {r['naive_scan']['p95_ms']} | "
            f"{r['speedup_p50']}x | {', '.join(map(str, r['queries_per_search']))} | "
            f"{r['meeting_search']['p50_ms']} / {r['meeting_search']['p95_ms']} | "
            f"{'yes' if r['meets_target'] else 'NO'} |"
        )
    soon = [r for r in results if "starting_soon" in r]
    if soon:
        lines += [
            "",
            "### Meetings near a place, starting in the next 3 hours (nearest 20, in-process)",
            "",
            "| database | meetings | p50 ms | p95 ms | naive scan p95 ms | speed-up (naive p95 / p95, raw) | queries/search | p95 ≤ 20 ms | ≥ 10x naive |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
    for r in soon:
        lines.append(
            f"| {r['database']} | {r['meetings']:,} | {r['starting_soon']['p50_ms']} | "
            f"{r['starting_soon']['p95_ms']} | {r['starting_soon_naive']['p95_ms']} | "
            f"{r['starting_soon_speedup_p95_raw']:.3f}x | "
            f"{', '.join(map(str, r['starting_soon_queries']))} | "
            f"{'yes' if r['starting_soon_meets_p95'] else 'NO'} | "
            f"{'yes' if r['starting_soon_meets_speedup'] else 'NO'} |"
        )
    return lines


MEETING_IMPORT_FIGURES = {
    "import_seconds": ("first import", "s"),
    "import_growth_mb": ("first import, memory growth", "MB"),
    "reimport_seconds": ("re-import unchanged", "s"),
    "reimport_growth_mb": ("re-import, memory growth", "MB"),
    "import_cold_growth_mb": ("first import, growth from a cold process", "MB"),
    "reimport_cold_growth_mb": ("re-import, growth from a cold process", "MB"),
}


def meeting_import_table(results: list[dict]) -> list[str]:
    """Each figure of the import beside its target; pass or fail is the
    scenario's own verdict on the raw value (never the rounded one shown)."""
    lines = [
        "",
        "## Meeting Guide feed import: `clearhead import-meetings`, in a fresh process each run",
        "",
        "| database | meetings | feed MB | figure | value | target | meets target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for key, (label, unit) in MEETING_IMPORT_FIGURES.items():
            figure = r["figures"].get(key)
            if figure is None:
                continue
            target = figure["target"]
            verdict = (
                "n/a" if target is None else "yes" if figure["meets_target"] else "NO"
            )
            lines.append(
                f"| {r['database']} | {r['meetings']:,} | {r['feed_mb']} | {label} | "
                f"{figure['value']} {unit} | "
                f"{'none' if target is None else f'≤ {target:g} {unit}'} | {verdict} |"
            )
        if not r["all_listed"]:
            lines.append(
                f"| {r['database']} | {r['meetings']:,} | {r['feed_mb']} | "
                "every meeting listed | NO | all | NO |"
            )
    return lines


def checkin_table(results: list[dict]) -> list[str]:
    lines = [
        "",
        "## Check-in write path: POST /api/v1/checkins over HTTP, 50 concurrent clients",
        "",
        "| database | workers | check-ins/s | p50 ms | p95 ms | p99 ms | floor/s | floor p95 ms | ratio per round | ratio to floor (median) | target ≥ 0.9 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c, f = r["checkins"], r["floor"]
        # The raw median ratio against the target (older results: the rounded one).
        meets = r.get("ratio_to_floor_raw", r["ratio_to_floor"]) >= r["target_ratio"]
        lines.append(
            f"| {r['database']} | {r['workers']} | {c['throughput_rps']} | {c['p50_ms']} | "
            f"{c['p95_ms']} | {c['p99_ms']} | {f['throughput_rps']} | {f['p95_ms']} | "
            f"{', '.join(map(str, r['round_ratios']))} | "
            f"{r['ratio_to_floor']} | {'yes' if meets else 'NO'} |"
        )
    return lines


def caseload_table(results: list[dict]) -> list[str]:
    lines = [
        "",
        "## Caseload dashboard: one clinician's page, in-process",
        "",
        "| database | patients | queries | queries by last check-in / last contact / search | p50 ms | p95 ms | 1,000 vs 10 (p50, raw) | target: same queries, ≤ 3x (raw) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for size in r["sizes"]:
            variants = " / ".join(
                str(n) for n in size.get("variant_queries", {}).values()
            )
            lines.append(
                f"| {r['database']} | {size['patients']:,} | {size['queries']} | "
                f"{variants or 'not measured'} | {size['p50_ms']} | {size['p95_ms']} | "
                f"{r.get('growth_p50_raw', r['growth_p50']):.3f}x | {'yes' if r['meets_target'] else 'NO'} |"
            )
    quiet = [r for r in results if r.get("quiet")]
    if quiet:
        lines += [
            "",
            "### Caseload with many patients gone quiet (no check-in for 3 weeks)",
            "",
            "| database | patients | quiet | queries | p50 ms | p95 ms | ratio to the 10-patient page (p50, raw) | target: same queries as the 10-patient page, ≤ 3x (raw) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in quiet:
            q = r["quiet"]
            lines.append(
                f"| {r['database']} | {q['patients']:,} | {q['quiet']:,} | {q['queries']} | "
                f"{q['p50_ms']} | {q['p95_ms']} | "
                f"{q.get('ratio_to_baseline_raw', q['ratio_to_baseline']):.3f}x | "
                f"{'yes' if q['meets_target'] else 'NO'} |"
            )
    return lines


def pages_table(results: list[dict]) -> list[str]:
    lines = [
        "",
        "## Public pages over HTTP, anonymous, 20 concurrent clients",
        "",
        "Each page alternates with the floor in rounds (ABBA); its ratio is the "
        "median of the rounds' ratios, and the target is compared on the raw "
        "ratio, not the rounded one shown.",
        "",
        "| database | workers | page | req/s | req/s per worker | p50 ms | p95 ms | floor req/s | ratio to floor (/healthz) | target ≥ 0.8 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        f = r["floor"]
        lines.append(
            f"| {r['database']} | {r['workers']} | floor {f['path']} (best run) | "
            f"{f['throughput_rps']} | {f['per_worker_rps']} | {f['p50_ms']} | {f['p95_ms']} | | 1.0 | |"
        )
        for name, p in r["pages"].items():
            lines.append(
                f"| {r['database']} | {r['workers']} | {name} {p['path']} | {p['throughput_rps']} | "
                f"{p['per_worker_rps']} | {p['p50_ms']} | {p['p95_ms']} | "
                f"{p.get('floor_rps', f['throughput_rps'])} | "
                f"{p.get('ratio_to_floor_raw', p['ratio_to_floor']):.3f} | "
                f"{_verdict(p.get('meets_target'))} |"
            )
    return lines


def outcomes_table(results: list[dict]) -> list[str]:
    lines = [
        "",
        "## Outcomes report: one program, 90 days, one gunicorn worker over HTTP",
        "",
        "| database | patients | check-ins | page p50 ms (closed weeks kept) | first view ms (computes every week; ratio) | CSV ms | COUNT(*) floor ms | ratio to floor (raw) | worker peak MB | growth MB | target: ≤ 3x at the largest size, growth ≤ 50 MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for s in r["sizes"]:
            raw = s.get("ratio_to_floor_raw")
            first = s.get("first_view_ratio_raw")
            lines.append(
                f"| {r['database']} | {s['patients']:,} | {s['checkins']:,} | {s['page']['p50_ms']} | "
                f"{s.get('first_view_ms', 'n/a')}"
                f"{'' if first is None else f' ({first:.3f}x)'} | "
                f"{s['csv_ms']} | {s['floor_count_ms']} | "
                f"{s['ratio_to_floor'] if raw is None else f'{raw:.3f}'} | "
                f"{s['worker_peak_mb']} | {s['worker_growth_mb']} | "
                f"{'yes' if r['meets_target'] else 'NO'} |"
            )
    return lines


def charts_table(results: list[dict]) -> list[str]:
    lines = [
        "",
        "## Charts: one 90-day chart drawn (both widths), and the pages that show charts, in-process",
        "",
        "| database | what | queries | p50 ms | p95 ms | ratio to the 7-day page (p50) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        d = r["drawing_90_days"]
        lines.append(
            f"| {r['database']} | drawing, 90 days | 0 | {d['p50_ms']} | {d['p95_ms']} | n/a |"
        )
        baseline = r["pages"]["charts 7 days (baseline)"]["p50_ms"]
        for name, p in r["pages"].items():
            lines.append(
                f"| {r['database']} | {name} {p['path']} | {p['queries']} | "
                f"{p['p50_ms']} | {p['p95_ms']} | {round(p['p50_ms'] / baseline, 1)}x |"
            )
    return lines


def _step_p95s(step: dict | None) -> str:
    if not step:
        return "none passed"
    return ", ".join(
        f"{name} {figures['p95_ms']}" for name, figures in step["steps"].items()
    )


def peak_table(results: list[dict]) -> list[str]:
    """The highest arrival rate that passed, the patients' and the floor's,
    their raw ratio, each step's p95 there, and whether the database kept
    exactly one check-in for each patient."""
    lines = [
        "",
        "## Evening peak: two gunicorn servers, one PostgreSQL, one Redis, patients arriving",
        "",
        "| database | servers x workers | journey | highest rate passing /s | rates tried (✓ passed) | p95 ms of each request there | journey p95 ms | kept in the database (every step) | ratio to floor | target: p95 ≤ 300 ms per request, none lost or doubled, no 5xx |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        servers = f"{r['servers']} x {r['workers_per_server']}"
        ratio = r["ratio_to_floor"]
        for journey in ("patient", "floor"):
            found = r[journey]
            best = found["at_best"]
            tried = ", ".join(
                f"{s['rate']:g}{' ✓' if s['passes'] else ''}" for s in found["steps"]
            )
            # Every step's check-ins, not only the best one's: none may be
            # lost or doubled at any rate tried.
            kept = {}
            for step in found["steps"]:
                for key, value in step["kept"].items():
                    kept[key] = kept.get(key, 0) + value
            if journey == "patient":
                kept_text = (
                    f"{kept.get('rows', 0)} rows for {kept.get('sent', 0)} patients "
                    f"({kept.get('double_taps', 0)} double taps): "
                    f"{kept.get('lost', 0)} lost, {kept.get('doubled', 0)} doubled"
                )
                ratio_text = "none" if ratio is None else f"{ratio:.3f}"
                verdict = "yes" if r["meets_target"] else "NO"
            else:
                kept_text = (
                    f"{kept.get('rows', 0)} rows for {kept.get('inserted', 0)} inserts"
                )
                ratio_text, verdict = "1.0", "n/a"
            lines.append(
                f"| {r['database']} | {servers} | {journey} | {found['best_rate']:g} | "
                f"{tried} | {_step_p95s(best)} | "
                f"{best['journey_ms']['p95_ms'] if best else 'n/a'} | {kept_text} | "
                f"{ratio_text} | {verdict} |"
            )
    for r in results:
        lines.append(
            f"\n{r['database']}: the password sign-in (`sign_in`, {r['password_share']:.0%} "
            f"of patients; the others have a session from an earlier sign-in) is "
            f"not gated: one password check alone took {r['password_check_ms']} ms "
            "in this run. Failed steps: "
            + "; ".join(
                f"{j} {s['rate']:g}/s: {', '.join(s['reasons'])}"
                for j in ("patient", "floor")
                for s in r[j]["steps"]
                if not s["passes"]
            )
        )
    return lines


def _verdict(passed: bool | None) -> str:
    return "n/a" if passed is None else "yes" if passed else "NO"


def _directory_targets(r: dict) -> list[tuple]:
    rows = []
    f = r["facility_search"]
    rows.append(
        (
            "facility search p95",
            f"{f['p95_ms']} ms",
            f"naive scan p95 {r['naive_scan']['p95_ms']} ms",
            r.get("speedup_p50_raw"),
            "p95 ≤ 20 ms",
            r["meets_target"],
        )
    )
    if "starting_soon" in r:
        rows.append(
            (
                "meetings near me, starting in 3 h: p95",
                f"{r['starting_soon']['p95_ms']} ms",
                f"naive scan p95 {r['starting_soon_naive']['p95_ms']} ms",
                r["starting_soon_speedup_p95_raw"],
                "p95 ≤ 20 ms and ≥ 10x naive",
                r["starting_soon_meets_p95"] and r["starting_soon_meets_speedup"],
            )
        )
    return rows


def _meeting_import_targets(r: dict) -> list[tuple]:
    rows = []
    for key, (label, unit) in MEETING_IMPORT_FIGURES.items():
        figure = r["figures"].get(key)
        if figure and figure["target"] is not None:
            rows.append(
                (
                    label,
                    f"{figure['value']} {unit}",
                    "none (an absolute target)",
                    None,
                    f"≤ {figure['target']:g} {unit}",
                    figure["meets_target"],
                )
            )
    return rows


def _checkin_targets(r: dict) -> list[tuple]:
    rows = []
    raw = r.get("ratio_to_floor_raw", r["ratio_to_floor"])
    rows.append(
        (
            "check-ins per second",
            f"{r['checkins']['throughput_rps']}/s",
            f"floor {r['floor']['throughput_rps']}/s",
            raw,
            f"≥ {r['target_ratio']:g} of the floor",
            r.get("meets_target", raw >= r["target_ratio"]),
        )
    )
    return rows


def _caseload_targets(r: dict) -> list[tuple]:
    rows = []
    first, last = r["sizes"][0], r["sizes"][-1]
    rows.append(
        (
            f"caseload page p50, {last['patients']:,} patients",
            f"{last['p50_ms']} ms",
            f"{first['patients']:,} patients {first['p50_ms']} ms",
            r.get("growth_p50_raw", r["growth_p50"]),
            "≤ 3x, same queries",
            r["meets_target"],
        )
    )
    if r.get("quiet"):
        q = r["quiet"]
        rows.append(
            (
                f"caseload p50, {q['quiet']:,} of {q['patients']:,} gone quiet",
                f"{q['p50_ms']} ms",
                f"{first['patients']:,} patients {first['p50_ms']} ms",
                q.get("ratio_to_baseline_raw", q["ratio_to_baseline"]),
                "≤ 3x, same queries",
                q["meets_target"],
            )
        )
    return rows


def _pages_targets(r: dict) -> list[tuple]:
    rows = []
    for name, page in r["pages"].items():
        rows.append(
            (
                f"{name} {page['path']}",
                f"{page['throughput_rps']}/s",
                f"/healthz {page.get('floor_rps', r['floor']['throughput_rps'])}/s",
                page.get("ratio_to_floor_raw", page["ratio_to_floor"]),
                f"≥ {r.get('target', 0.8):g} of /healthz",
                page.get("meets_target"),
            )
        )
    return rows


def _outcomes_targets(r: dict) -> list[tuple]:
    rows = []
    s = r["sizes"][-1]
    rows.append(
        (
            f"outcomes report p50, {s['patients']:,} patients",
            f"{s['page']['p50_ms']} ms",
            f"COUNT(*) {s['floor_count_ms']} ms",
            s.get("ratio_to_floor_raw", s["ratio_to_floor"]),
            "≤ 3x of COUNT(*), growth ≤ 50 MB",
            r["meets_target"],
        )
    )
    return rows


def _peak_targets(r: dict) -> list[tuple]:
    rows = []
    rows.append(
        (
            "patients arriving, highest rate passing",
            f"{r['patient']['best_rate']:g}/s",
            f"floor journeys {r['floor']['best_rate']:g}/s",
            r["ratio_to_floor"],
            "p95 ≤ 300 ms, none lost or doubled",
            r["meets_target"],
        )
    )
    return rows


SUMMARY_ROWS = {
    "directory search": _directory_targets,
    "meeting import": _meeting_import_targets,
    "check-in write path": _checkin_targets,
    "caseload": _caseload_targets,
    "public pages": _pages_targets,
    "outcomes report": _outcomes_targets,
    "evening peak": _peak_targets,
}


def _summary_rows(r: dict) -> list[tuple]:
    """(figure, value, baseline, raw ratio or None, target, passed) for each
    target a scenario's result carries; a result from before a target was
    set carries none for it."""
    rows = SUMMARY_ROWS.get(r["scenario"])
    return rows(r) if rows else []


def targets_table(results: list[dict]) -> list[str]:
    """Every target of the run in one table: the figure, its baseline from
    the same run, the raw ratio (unrounded, as compared) and the verdict."""
    lines = [
        "## Targets",
        "",
        "| scenario | database | figure | value | baseline (same run) | raw ratio | target | meets target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for figure, value, baseline, ratio, target, passed in _summary_rows(r):
            lines.append(
                f"| {r['scenario']} | {r['database']} | {figure} | {value} | {baseline} | "
                f"{'n/a' if ratio is None else f'{ratio:.3f}'} | {target} | "
                f"{_verdict(passed)} |"
            )
    return [*lines, ""]


def _kept(size: str) -> list[dict] | None:
    """The last run's results, when that run was of this size (else None)."""
    previous = RESULTS / "latest.json"
    kept = json.loads(previous.read_text()) if previous.exists() else {}
    return kept["results"] if kept.get("size") == size else None


def _merged(results: list[dict], kept: list[dict]) -> list[dict]:
    """The new results in place of their scenario's, in the last run's."""
    renewed = {r["scenario"] for r in results}
    return [r for r in kept if r["scenario"] not in renewed] + results


def markdown(results: list[dict], size: str) -> str:
    directory = [r for r in results if r["scenario"] == "directory search"]
    checkins = [r for r in results if r["scenario"] == "check-in write path"]
    lines = [
        f"# Benchmark results ({size} run, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        *targets_table(results),
    ]
    lines += directory_table(directory)
    lines += meeting_import_table(
        [r for r in results if r["scenario"] == "meeting import"]
    )
    lines += checkin_table(checkins)
    lines += caseload_table([r for r in results if r["scenario"] == "caseload"])
    lines += pages_table([r for r in results if r["scenario"] == "public pages"])
    lines += outcomes_table([r for r in results if r["scenario"] == "outcomes report"])
    lines += charts_table([r for r in results if r["scenario"] == "charts"])
    lines += peak_table([r for r in results if r["scenario"] == "evening peak"])
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only",
        choices=list(SIZES),
        help="run one scenario module; the other scenarios' results are kept "
        "from results/latest.json (of a run of the same size)",
    )
    args = parser.parse_args()
    size = "quick" if args.quick else "full"
    modules = [args.only] if args.only else list(SIZES)
    kept = _kept(size) if args.only else []
    results = [
        run_scenario(module, url, size)
        for module in modules
        for url in databases(module).values()
    ]
    if kept is None:
        # One scenario of another size than the saved run: shown, not mixed in.
        print(markdown(results, size))
        print(f"Not saved: results/latest.json is not a {size} run.")
        return
    results = _merged(results, kept)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"size": size, "results": results}, indent=2)
    )
    table = markdown(results, size)
    (RESULTS / "latest.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
