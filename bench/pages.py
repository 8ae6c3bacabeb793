"""Public pages over HTTP: requests per second per gunicorn worker.

Home, the self-assessment's first page, one article, the program finder and
the meeting list near a real ZIP code (the directory filled by the
directory scenario's generator, at a modest size), each driven on its own
by bench.load in a separate process, beside the floor: /healthz, which
goes through the same server and middleware and asks the database one
question. Each page and the floor alternate in rounds (page then floor,
then floor then page: ABBA), and the page's ratio is the median of its
rounds' ratios, so a noisy neighbour on a shared machine slows both alike
and one unlucky run does not decide. Target: every page at least TARGET of
the floor's throughput, compared raw (never the rounded figure shown). The pages are served from the public page cache
(clearhead.core.public_cache); without REDIS_URL each worker keeps its own,
as under `make run`. Prints one JSON object.
"""

import argparse
import json
import statistics

from bench.database import setup_django
from bench.directory import fill
from bench.server import alternated, combined, drive, gunicorn, round_ratios

# Chicago's Loop: a real ZIP code with synthetic listings around it.
ZIP = "60601"
PAGES = {
    "home": "/",
    "self-assessment": "/check/",
    "article": "/learn/bladder-and-kidney-health/",
    "program finder": f"/find/?near={ZIP}",
    "meetings": f"/meetings/?near={ZIP}",
}
FLOOR = "/healthz"
TARGET = 0.8


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000, help="per page")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--facilities", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    vendor = setup_django()
    fill(args.facilities, args.meetings, args.seed)
    from django.db import connection

    connection.close()

    results, floors = {}, []
    with gunicorn(args.workers) as (base, _):
        drive(base, 200, 4, paths=[*PAGES.values(), FLOOR])  # warm every worker
        per_round = max(1, args.requests // args.rounds)
        for name, path in PAGES.items():
            runs = alternated(
                args.rounds,
                lambda each: drive(base, per_round, args.concurrency, paths=[each]),
                path,
                FLOOR,
            )
            for run in runs[path]:
                assert run["ok"] == run["requests"], (path, run["statuses"])
            ratios = round_ratios(runs[path], runs[FLOOR])
            ratio = statistics.median(ratios)
            figures, floor = combined(runs[path]), combined(runs[FLOOR])
            floors.append(floor)
            results[name] = figures | {
                "path": path,
                "per_worker_rps": round(figures["throughput_rps"] / args.workers, 1),
                "floor_rps": floor["throughput_rps"],
                "round_ratios": [round(r, 2) for r in ratios],
                "ratio_to_floor": round(ratio, 2),
                "ratio_to_floor_raw": ratio,
                "meets_target": ratio >= TARGET,
            }
    best_floor = max(floors, key=lambda floor: floor["throughput_rps"])
    print(
        json.dumps(
            {
                "scenario": "public pages",
                "database": vendor,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "rounds": args.rounds,
                "facilities": args.facilities,
                "meetings": args.meetings,
                "target": TARGET,
                "meets_target": all(page["meets_target"] for page in results.values()),
                "floor": best_floor
                | {
                    "path": FLOOR,
                    "per_worker_rps": round(
                        best_floor["throughput_rps"] / args.workers, 1
                    ),
                },
                "pages": results,
            }
        )
    )


if __name__ == "__main__":
    main()
