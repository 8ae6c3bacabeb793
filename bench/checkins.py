"""Check-in write path over HTTP, against the framework's floor.

Starts gunicorn on the bench database, then drives `POST /api/v1/checkins`
and the floor endpoint (same server, same middleware, same bearer
authentication, one row of the same width and the one audit event every
write of patient data records, in one transaction) with bench.load in a
separate process. Prints one JSON object.
"""

import argparse
import json
import os
import statistics
from pathlib import Path

from bench.database import setup_django
from bench.server import alternated, combined, drive, gunicorn, round_ratios

ROOT = Path(__file__).resolve().parent.parent
# Check-ins per second as a share of the floor's (issue 20).
TARGET_RATIO = 0.9


def prepare(patients: int) -> list[str]:
    """Create synthetic patients with profiles and tokens; return the tokens."""
    from datetime import date

    from clearhead.accounts.models import ApiToken, Role, User
    from clearhead.accounts.services import api_token_create
    from clearhead.benchfloor.models import FloorRow
    from clearhead.recovery.models import DailyCheckIn, RecoveryProfile

    DailyCheckIn.objects.filter(patient__email__endswith="@bench.invalid").delete()
    FloorRow.objects.all().delete()
    ApiToken.objects.filter(user__email__endswith="@bench.invalid").delete()
    tokens = []
    for number in range(patients):
        user, _ = User.objects.get_or_create(
            email=f"patient{number}@bench.invalid",
            defaults={"role": Role.PATIENT, "time_zone": "UTC"},
        )
        RecoveryProfile.objects.get_or_create(
            patient=user, defaults={"stop_date": date(2026, 1, 1)}
        )
        tokens.append(api_token_create(actor=user, name="bench")[1])
    return tokens


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    args, _ = parser.parse_known_args()
    # The floor endpoint's app is installed only when asked for: here, so that
    # its table is migrated and prepare() can clear it, and in the servers below.
    os.environ["CLEARHEAD_BENCH_FLOOR"] = "true"
    vendor = setup_django()
    from django.db import connection

    tokens_file = ROOT / "var" / "bench" / "tokens.json"
    tokens_file.write_text(json.dumps(prepare(args.patients)))
    connection.close()

    urls = {"checkins": "/api/v1/checkins", "floor": "/api/v1/bench/floor"}
    with gunicorn(args.workers, CLEARHEAD_BENCH_FLOOR="true") as (base, _):
        drive(
            base + urls["checkins"], 200, 10, tokens=tokens_file
        )  # warm up every worker
        per_round = max(1, args.requests // args.rounds)
        runs = alternated(
            args.rounds,
            lambda name: drive(
                base + urls[name], per_round, args.concurrency, tokens=tokens_file
            ),
            "checkins",
            "floor",
        )
    ratios = round_ratios(runs["checkins"], runs["floor"])
    print(
        json.dumps(
            {
                "scenario": "check-in write path",
                "database": vendor,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "rounds": args.rounds,
                "checkins": combined(runs["checkins"]),
                "floor": combined(runs["floor"]),
                "round_ratios": [round(r, 2) for r in ratios],
                "ratio_to_floor": round(statistics.median(ratios), 2),
                # Compared raw, never rounded first (0.896 is not 0.90).
                "ratio_to_floor_raw": statistics.median(ratios),
                "target_ratio": TARGET_RATIO,
                "meets_target": statistics.median(ratios) >= TARGET_RATIO,
            }
        )
    )


if __name__ == "__main__":
    main()
