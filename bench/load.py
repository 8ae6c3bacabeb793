"""A bounded HTTP load generator for loopback benchmarks.

    python -m bench.load --url http://127.0.0.1:PORT/api/v1/checkins \
        --tokens tokens.json --requests 3000 --concurrency 50 --seconds 120

Each of `concurrency` threads keeps one connection open and sends check-ins
with fresh client_ids (or, with --paths, GETs those pages) until the request
budget or the time limit is spent.
Only loopback addresses are accepted. Prints JSON: throughput and latency.
"""

import argparse
import http.client
import json
import random
import statistics
import threading
import time
import uuid
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def body(rng: random.Random) -> bytes:
    return json.dumps(
        {
            "client_id": str(uuid.uuid4()),
            "craving": rng.randint(0, 10),
            "mood": rng.randint(1, 5),
            "used_ketamine": rng.random() < 0.05,
            "self_harm_thoughts": False,
            "triggers": rng.sample(["stress", "boredom", "people", "money"], 2),
            "note": "synthetic",
        }
    ).encode()


def run(
    url: str,
    tokens: list[str],
    requests: int,
    concurrency: int,
    seconds: float,
    paths: list[str] | None = None,
) -> dict:
    """POST check-ins to `url` with the tokens; or, given `paths`, GET those
    paths on `url`'s server in turn, without credentials."""
    target = urlsplit(url)
    if target.hostname not in LOOPBACK:
        raise SystemExit("bench.load only sends traffic to loopback addresses")
    budget = {"left": requests}
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection(
            target.hostname, target.port, timeout=30
        )
        while time.monotonic() < deadline:
            with lock:
                if budget["left"] <= 0:
                    break
                budget["left"] -= 1
            started = time.perf_counter()
            try:
                if paths:
                    connection.request("GET", rng.choice(paths))
                else:
                    connection.request(
                        "POST",
                        target.path,
                        body=body(rng),
                        headers={
                            "Content-Type": "application/json",
                            "Authorization": f"Bearer {rng.choice(tokens)}",
                        },
                    )
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(
                    target.hostname, target.port, timeout=30
                )
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ok = sum(count for status, count in statuses.items() if 200 <= status < 300)
    return {
        "requests": len(latencies),
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(wall, 2),
        "throughput_rps": round(ok / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--tokens", help="a JSON list of bearer tokens (POST)")
    parser.add_argument("--paths", help="comma-separated paths to GET instead")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    tokens = []
    if args.tokens:
        with open(args.tokens) as file:
            tokens = json.load(file)
    paths = args.paths.split(",") if args.paths else None
    if not tokens and not paths:
        raise SystemExit("give --tokens to POST check-ins, or --paths to GET")
    result = run(args.url, tokens, args.requests, args.concurrency, args.seconds, paths)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
