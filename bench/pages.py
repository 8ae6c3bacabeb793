"""Public pages over HTTP: requests per second per gunicorn worker.

Home, the self-assessment's first page, one article, the program finder and
the meeting list near a real ZIP code (the directory filled by the
directory scenario's generator, at a modest size), each driven on its own
by bench.load in a separate process, beside the floor: /healthz, which
goes through the same server and middleware and asks the database one
question. Each page is measured right after a run of the floor, and its
ratio is to that run, so a noisy neighbour slows both alike. Target: every
page at least TARGET of the floor's throughput, compared raw (never the
rounded figure shown). The pages are served from the public page cache
(clearhead.core.public_cache); without REDIS_URL each worker keeps its own,
as under `make run`. Prints one JSON object.
"""

import argparse
import json

from bench.database import setup_django
from bench.directory import fill
from bench.server import drive, gunicorn

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
    parser.add_argument("--requests", type=int, default=2000)
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
        for name, path in PAGES.items():
            floor = drive(base, args.requests, args.concurrency, paths=[FLOOR])
            figures = drive(base, args.requests, args.concurrency, paths=[path])
            assert figures["ok"] == figures["requests"], (path, figures["statuses"])
            floors.append(floor)
            ratio = figures["throughput_rps"] / floor["throughput_rps"]
            results[name] = figures | {
                "path": path,
                "per_worker_rps": round(figures["throughput_rps"] / args.workers, 1),
                "floor_rps": floor["throughput_rps"],
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
