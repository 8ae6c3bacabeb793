"""The outcomes report for one large program: time, and the worker's memory.

For each size, the bench database is emptied and filled by
`generate-load-data` (one program; every patient has `days` days of
history). gunicorn then serves the report with a single worker, and the
clinician's page and its CSV are fetched over HTTP: the first view (which
computes every week and keeps the closed ones, as the first view after any
write that changes one does), then `views - 1` more (which read the kept
weeks; their p50 is the figure compared with the target). The worker's peak
resident memory (VmHWM) is read before and after: the report is computed
with aggregates in the database, so the worker's memory must not grow with
the number of check-ins. The floor is one COUNT(*) of the period's
check-ins: the least any report over them can cost. Prints one JSON object.
"""

import argparse
import json
import sys
import time
import urllib.request
from datetime import timedelta

from bench.database import empty_database, setup_django
from bench.directory import summary
from bench.server import gunicorn, peak_rss_mb, worker_pids

TARGET_MEMORY_GROWTH_MB = 50  # at the largest size, over the worker's baseline
# Issue 20: the largest report within 3x of one COUNT(*) of its check-ins.
TARGET_RATIO = 3


def fetch(url: str, cookie: str) -> tuple[float, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310  (loopback)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        body = response.read()
        assert response.status == 200, response.status
    return (time.perf_counter() - started) * 1000, len(body)


def signed_in_cookie() -> tuple[str, object]:
    from django.conf import settings
    from django.test import Client

    from clearhead.accounts.models import Role, User

    clinician = User.objects.get(role=Role.CLINICIAN)
    client = Client()
    client.force_login(clinician)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}", clinician


def count_floor(start, end, repeats: int = 3) -> float:
    """Milliseconds for one COUNT(*) of the period's check-ins (best of three)."""
    from clearhead.recovery.models import DailyCheckIn

    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        DailyCheckIn.objects.filter(day__range=(start, end)).count()
        timings.append((time.perf_counter() - started) * 1000)
    return round(min(timings), 2)


def measure(patients: int, days: int, views: int) -> dict:
    from django.db import connection
    from django.utils import timezone

    from clearhead.clinic.models import Program
    from clearhead.operations.synthetic import generate
    from clearhead.recovery.models import DailyCheckIn

    empty_database()
    started = time.perf_counter()
    generate(programs=1, patients=patients, days=days, seed=patients)
    generated_s = time.perf_counter() - started
    end = timezone.localdate()
    start = end - timedelta(days=days - 1)
    checkins = DailyCheckIn.objects.filter(day__range=(start, end)).count()
    cookie, _ = signed_in_cookie()
    floor_ms = count_floor(start, end)
    connection.close()

    program = Program.objects.get().pk
    query = f"?program={program}&start={start}&end={end}"
    with gunicorn(1, CLEARHEAD_REQUIRE_STAFF_2FA="false") as (base, server):
        (worker,) = worker_pids(server)
        # Warm up on a one-day report.
        fetch(
            f"{base}/clinic/outcomes/?program={program}&start={end}&end={end}", cookie
        )
        baseline_mb = peak_rss_mb(worker)
        # The first view computes every week and keeps the closed ones
        # (clinic.OutcomesWeek); the later ones read those, as every view
        # does until a write changes a closed week.
        first_ms, size = fetch(f"{base}/clinic/outcomes/{query}", cookie)
        timings = []
        for _ in range(max(1, views - 1)):
            elapsed, size = fetch(f"{base}/clinic/outcomes/{query}", cookie)
            timings.append(elapsed)
        csv_ms, csv_bytes = fetch(f"{base}/clinic/outcomes/{query}&format=csv", cookie)
        peak_mb = peak_rss_mb(worker)
    page = summary(timings)
    return {
        "patients": patients,
        "days": days,
        "checkins": checkins,
        "generate_s": round(generated_s, 1),
        "page": page,
        "first_view_ms": round(first_ms, 1),
        "first_view_ratio_raw": first_ms / floor_ms if floor_ms else None,
        "page_bytes": size,
        "csv_ms": round(csv_ms, 1),
        "csv_bytes": csv_bytes,
        "floor_count_ms": floor_ms,
        "ratio_to_floor": round(page["p50_ms"] / floor_ms, 1) if floor_ms else None,
        "ratio_to_floor_raw": page["p50_ms"] / floor_ms if floor_ms else None,
        "worker_baseline_mb": baseline_mb,
        "worker_peak_mb": peak_mb,
        "worker_growth_mb": round(peak_mb - baseline_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--views", type=int, default=3)
    args = parser.parse_args()
    vendor = setup_django()
    sizes = [
        measure(int(size), args.days, args.views) for size in args.sizes.split(",")
    ]
    largest = sizes[-1]
    json.dump(
        {
            "scenario": "outcomes report",
            "database": vendor,
            "sizes": sizes,
            "time_growth": round(
                largest["page"]["p50_ms"] / sizes[0]["page"]["p50_ms"], 1
            ),
            "checkin_growth": round(largest["checkins"] / sizes[0]["checkins"], 1),
            "memory_target_mb": TARGET_MEMORY_GROWTH_MB,
            "target_ratio": TARGET_RATIO,
            "meets_memory_target": largest["worker_growth_mb"]
            <= TARGET_MEMORY_GROWTH_MB,
            # Compared raw, never the rounded ratio shown.
            "meets_ratio_target": largest["ratio_to_floor_raw"] is not None
            and largest["ratio_to_floor_raw"] <= TARGET_RATIO,
            "meets_target": largest["worker_growth_mb"] <= TARGET_MEMORY_GROWTH_MB
            and largest["ratio_to_floor_raw"] is not None
            and largest["ratio_to_floor_raw"] <= TARGET_RATIO,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
