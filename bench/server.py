"""gunicorn on the bench database, for the scenarios driven over HTTP."""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 120) -> None:
    """Wait for /healthz to answer; a busy CI machine may take most of a minute
    to start gunicorn, and its first answer (URLs and views loaded) some
    seconds: a probe given up on too soon stays queued for the worker, and
    the queue of them may never clear. RuntimeError if it exits or stays
    silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                "gunicorn exited: " + server.stderr.read().decode()[-2000:]
            )
        try:
            urllib.request.urlopen(base + "/healthz", timeout=10).read()  # noqa: S310  (loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


@contextmanager
def gunicorn(
    workers: int, *, threads: int = 1, **env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Serve the app with `workers` workers on a free loopback port.

    `env` is added to this process's environment. Yields the base URL and
    the master process; stops the server after.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603  (our own app, fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clearhead.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            # One control socket per user: servers started side by side
            # (tests in parallel, make run) would take each other's.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=os.environ | {"CLEARHEAD_BASE_URL": base} | env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(base, server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def worker_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn workers under a master process (Linux /proc)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmHWM for process {pid}")


def drive(
    url: str,
    requests: int,
    concurrency: int,
    *,
    tokens: Path | None = None,
    paths: list[str] | None = None,
) -> dict:
    """Run bench.load in its own process against `url`; return its figures."""
    how = ["--tokens", str(tokens)] if tokens else ["--paths", ",".join(paths)]
    output = subprocess.run(  # noqa: S603  (our own module, fixed arguments)
        [
            sys.executable,
            "-m",
            "bench.load",
            "--url",
            url,
            *how,
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


def combined(runs: list[dict]) -> dict:
    """Rounds of one endpoint as one: total throughput, median percentiles."""
    return {
        "requests": sum(r["requests"] for r in runs),
        "ok": sum(r["ok"] for r in runs),
        "throughput_rps": round(
            sum(r["ok"] for r in runs) / sum(r["seconds"] for r in runs), 1
        ),
        **{
            key: round(statistics.median(r[key] for r in runs), 1)
            for key in ("p50_ms", "p95_ms", "p99_ms")
        },
    }


def alternated(rounds: int, measure, subject: str, floor: str) -> dict[str, list]:
    """`measure(name)` for the subject and its floor, alternating in rounds
    (ABBA: subject then floor, then floor then subject), so that a noisy
    neighbour on a shared machine slows both alike instead of skewing the
    ratio: {name: [one run per round]}."""
    runs = {subject: [], floor: []}
    for number in range(rounds):
        order = [subject, floor] if number % 2 == 0 else [floor, subject]
        for name in order:
            runs[name].append(measure(name))
    return runs


def round_ratios(runs: list[dict], floors: list[dict]) -> list[float]:
    """Each round's throughput as a share of its floor's (unrounded)."""
    return [
        run["throughput_rps"] / floor["throughput_rps"]
        for run, floor in zip(runs, floors, strict=True)
    ]
