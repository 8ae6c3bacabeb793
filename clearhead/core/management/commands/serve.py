"""clearhead serve: the web server and the background worker, together.

What `make run` runs. It records the address it serves on in the data
directory (settings.BASE_URL_FILE), so every link the app or another shell's
`clearhead` command prints uses it unless CLEARHEAD_BASE_URL says otherwise;
prints the one-time first-administrator link; then starts gunicorn and
`clearhead worker` as child processes. Ctrl-C or SIGTERM stops both; when
either stops by itself, the other is stopped too, with a line saying why.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from clearhead.config.env import env_str

ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(L)ss'
# Binds to every address, and the loopback address a browser here uses instead.
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104
# Seconds a child gets to finish after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 30


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def base_url_for(host: str, port: int) -> str:
    """Return the address a browser on this machine uses to reach the bind.

    A wildcard bind (every address) becomes the loopback address.
    """
    host = host.strip("[]")
    return f"http://{_url_host(WILDCARDS.get(host, host))}:{port}"


class Command(BaseCommand):
    help = "Serve the app with gunicorn and run the background worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn worker processes."
        )
        parser.add_argument(
            "--record-only",
            action="store_true",
            help="Record the address and print the first-admin link, then exit.",
        )

    def handle(self, *args, host, port, workers, record_only, **options):
        self._record(host, port)
        # A child process, so that it reads the address just recorded.
        subprocess.run([*self._clearhead(), "first-admin-link"], check=False)  # noqa: S603
        if record_only:
            return
        bind = f"{_url_host(host.strip('[]'))}:{port}"
        sys.exit(self._supervise(self._children(bind, workers)))

    def _record(self, host: str, port: int) -> None:
        url = base_url_for(host, port)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.BASE_URL_FILE.write_text(url + "\n")
        self.stdout.write(f"Clearhead is running on {url} (Ctrl-C stops it).")
        if host.strip("[]") in WILDCARDS and not env_str("CLEARHEAD_BASE_URL"):
            self.stdout.write(
                f"Serving every address: links and e-mails say {url} until "
                "CLEARHEAD_BASE_URL is set to the address people use (and "
                "ALLOWED_HOSTS to its host name)."
            )
        self.stdout.flush()

    @staticmethod
    def _clearhead() -> list[str]:
        return [sys.executable, "-m", "clearhead.cli"]

    def _children(self, bind: str, workers: int) -> dict[str, subprocess.Popen]:
        web = [
            *(sys.executable, "-m", "gunicorn", "clearhead.config.wsgi"),
            *("--bind", bind, "--workers", str(workers)),
            *("--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT),
            # gunicorn's control socket is one path per user: a second server
            # on the machine (tests, benchmarks) would take it over.
            "--no-control-socket",
        ]
        # Their own process groups: Ctrl-C reaches only this process, which
        # stops both children in order.
        return {
            "web server": subprocess.Popen(web, process_group=0),  # noqa: S603
            "worker": subprocess.Popen(  # noqa: S603
                [*self._clearhead(), "worker"], process_group=0
            ),
        }

    def _supervise(self, children: dict[str, subprocess.Popen]) -> int:
        """Wait for a signal or a child's exit; stop every child; return a status."""
        received = []
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda signum, frame: received.append(signum))
        exited = {}
        while not received and not exited:
            time.sleep(0.2)
            exited = {
                name: child.returncode
                for name, child in children.items()
                if child.poll() is not None
            }
        if received:
            reason = f"{signal.Signals(received[0]).name} received"
            status = 0
        else:
            name, status = next(iter(exited.items()))
            reason = f"the {name} exited with status {status}"
            status = status or 1
        running = [name for name, child in children.items() if child.poll() is None]
        self.stderr.write(
            f"clearhead serve: {reason}; stopping the "
            f"{' and the '.join(running) or 'rest'}."
        )
        for name in running:
            children[name].terminate()
        for child in children.values():
            try:
                child.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return status
