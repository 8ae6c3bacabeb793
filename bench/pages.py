"""Public pages over HTTP: requests per second per gunicorn worker.

Home, the self-assessment's first page and one article, each driven on its
own by bench.load in a separate process, beside the floor: /healthz, which
goes through the same server and middleware and asks the database one
question. Prints one JSON object.
"""

import argparse
import json

from bench.database import setup_django
from bench.server import drive, gunicorn

PAGES = {
    "home": "/",
    "self-assessment": "/check/",
    "article": "/learn/bladder-and-kidney-health/",
}
FLOOR = "/healthz"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    vendor = setup_django()
    from django.db import connection

    connection.close()

    results = {}
    with gunicorn(args.workers) as (base, _):
        drive(base, 100, 4, paths=[*PAGES.values(), FLOOR])  # warm every worker
        floor = drive(base, args.requests, args.concurrency, paths=[FLOOR])
        for name, path in PAGES.items():
            figures = drive(base, args.requests, args.concurrency, paths=[path])
            assert figures["ok"] == figures["requests"], (path, figures["statuses"])
            results[name] = figures | {
                "path": path,
                "per_worker_rps": round(figures["throughput_rps"] / args.workers, 1),
                "ratio_to_floor": round(
                    figures["throughput_rps"] / floor["throughput_rps"], 2
                ),
            }
    print(
        json.dumps(
            {
                "scenario": "public pages",
                "database": vendor,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "floor": floor
                | {
                    "path": FLOOR,
                    "per_worker_rps": round(floor["throughput_rps"] / args.workers, 1),
                },
                "pages": results,
            }
        )
    )


if __name__ == "__main__":
    main()
