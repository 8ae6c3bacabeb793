"""Check-in write path over HTTP, against the framework's floor.

Starts gunicorn on the bench database, then drives `POST /api/v1/checkins`
and the floor endpoint (same server, same middleware, same bearer
authentication, one row of the same width) with bench.load in a separate
process. Prints one JSON object.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
            email=f"patient{number}@bench.invalid", defaults={"role": Role.PATIENT}
        )
        RecoveryProfile.objects.get_or_create(
            patient=user, defaults={"stop_date": date(2026, 1, 1), "time_zone": "UTC"}
        )
        tokens.append(api_token_create(actor=user, name="bench")[1])
    return tokens


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit(
                "gunicorn exited: " + server.stderr.read().decode()[-2000:]
            )
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()  # noqa: S310  (loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def drive(url: str, tokens_file: Path, requests: int, concurrency: int) -> dict:
    output = subprocess.run(  # noqa: S603  (our own module, fixed arguments)
        [
            sys.executable,
            "-m",
            "bench.load",
            "--url",
            url,
            "--tokens",
            str(tokens_file),
            "--requests",
            str(requests),
            "--concurrency",
            str(concurrency),
            "--seconds",
            "300",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--patients", type=int, default=200)
    args, _ = parser.parse_known_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhead.config.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    tokens_file = ROOT / "var" / "bench" / "tokens.json"
    tokens_file.write_text(json.dumps(prepare(args.patients)))
    vendor = connection.vendor
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {"CLEARHEAD_BENCH_FLOOR": "true", "CLEARHEAD_BASE_URL": base}
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clearhead.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(base, server)
        drive(base + "/api/v1/checkins", tokens_file, 200, 10)  # warm up every worker
        checkins = drive(
            base + "/api/v1/checkins", tokens_file, args.requests, args.concurrency
        )
        floor = drive(
            base + "/api/v1/bench/floor", tokens_file, args.requests, args.concurrency
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "scenario": "check-in write path",
                "database": vendor,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "checkins": checkins,
                "floor": floor,
                "ratio_to_floor": round(
                    checkins["throughput_rps"] / floor["throughput_rps"], 2
                ),
                "target_ratio": 0.7,
            }
        )
    )


if __name__ == "__main__":
    main()
