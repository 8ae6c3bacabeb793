"""clearhead serve: the web server and the background worker, together.

What `make run` runs. It checks that nothing else serves on the port, starts
gunicorn and `clearhead worker` as child processes, and once the app answers
/healthz records the address in the data directory (settings.BASE_URL_FILE),
so every link the app or another shell's `clearhead` command prints uses it
unless CLEARHEAD_BASE_URL says otherwise; then it says it is running and
prints the one-time first-administrator link. Ctrl-C, SIGTERM or SIGHUP (the
terminal closed) stops both children; when either stops by itself, the other
is stopped too, with a line saying why.
"""

import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from clearhead.config.env import env_str

ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(L)ss'
# Binds to every address, and the loopback address a browser here uses instead.
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104
# Seconds a child gets to finish after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 30
# The signals that stop serve, and with it both children. The children are in
# process groups of their own, so a terminal's signals reach only serve.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# How often serve looks at its children (and, until it answers, at the app).
POLL_SECONDS = 0.2


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def base_url_for(host: str, port: int) -> str:
    """Return the address a browser on this machine uses to reach the bind.

    A wildcard bind (every address) becomes the loopback address.
    """
    host = host.strip("[]")
    return f"http://{_url_host(WILDCARDS.get(host, host))}:{port}"


def port_problem(host: str, port: int) -> str | None:
    """Say why gunicorn could not bind host:port, or return None if it can.

    Binds every address the host name stands for, with SO_REUSEADDR as
    gunicorn does (so connections still closing do not count), then lets go.
    """
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104  (the wildcard bind)
    try:
        addresses = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as error:
        return f"cannot serve on {host}: {error.strerror}."
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    return (
                        f"port {port} is already in use by another program "
                        f"(on {host}); stop it, or choose another port "
                        "(PORT=8080 make run)."
                    )
                return f"cannot serve on {host} port {port}: {error.strerror}."
    return None


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def answers(url: str) -> bool:
    """Whether a web server answers at url (any HTTP status counts)."""
    # No proxy from the environment: the address is this machine's.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        opener.open(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


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
        problem = port_problem(host, port)
        if problem:
            self._say(self.stderr, f"clearhead serve: {problem}")
            sys.exit(1)
        if record_only:
            self._record(base_url_for(host, port), host, running=False)
            self._first_admin_link()
            return
        sys.exit(self._serve(host, port, workers))

    def _serve(self, host: str, port: int, workers: int) -> int:
        """Run both children until a stop signal or either exits; return a status."""
        received: list[int] = []
        # Before the children start: a signal in between must not orphan them.
        for number in STOP_SIGNALS:
            signal.signal(number, lambda signum, frame: received.append(signum))
        url = base_url_for(host, port)
        bind = f"{_url_host(host.strip('[]'))}:{port}"
        children: dict[str, subprocess.Popen] = {}
        try:
            for name, command in self._commands(bind, workers).items():
                if received:
                    break
                children[name] = subprocess.Popen(  # noqa: S603
                    command, process_group=0, env=self._environment(url)
                )
            return self._supervise(children, received, url, host)
        finally:
            self._stop(children)

    def _record(self, url: str, host: str, *, running: bool) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.BASE_URL_FILE.write_text(url + "\n")
        if running:
            self._say(self.stdout, f"Clearhead is running on {url} (Ctrl-C stops it).")
        else:
            self._say(self.stdout, f"Links name {url}.")
        if host.strip("[]") in WILDCARDS and not env_str("CLEARHEAD_BASE_URL"):
            self._say(
                self.stdout,
                f"Serving every address: links and e-mails say {url} until "
                "CLEARHEAD_BASE_URL is set to the address people use (and "
                "ALLOWED_HOSTS to its host name).",
            )

    def _first_admin_link(self) -> None:
        # A child process, so that it reads the address just recorded.
        subprocess.run([*self._clearhead(), "first-admin-link"], check=False)  # noqa: S603

    @staticmethod
    def _say(stream, line: str) -> None:
        """Write a line, unless the terminal is gone (after SIGHUP writes fail)."""
        try:
            stream.write(line)
            stream.flush()
        except OSError:
            pass

    @staticmethod
    def _clearhead() -> list[str]:
        return [sys.executable, "-m", "clearhead.cli"]

    @staticmethod
    def _environment(url: str) -> dict[str, str]:
        """The children's environment: links name this address from the start.

        The data directory's file is written only once the app answers, so
        the children are told the address directly.
        """
        if env_str("CLEARHEAD_BASE_URL"):
            return dict(os.environ)
        return os.environ | {"CLEARHEAD_BASE_URL": url}

    def _commands(self, bind: str, workers: int) -> dict[str, list[str]]:
        return {
            "web server": [
                *(sys.executable, "-m", "gunicorn", "clearhead.config.wsgi"),
                *("--bind", bind, "--workers", str(workers)),
                *("--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT),
                # No secrets in paths, no static files (clearhead/core/logging.py).
                *("--logger-class", "clearhead.core.logging.GunicornLogger"),
                # gunicorn's control socket is one path per user: a second
                # server on the machine (tests, benchmarks) would take it over.
                "--no-control-socket",
            ],
            "worker": [*self._clearhead(), "worker"],
        }

    def _supervise(
        self,
        children: dict[str, subprocess.Popen],
        received: list[int],
        url: str,
        host: str,
    ) -> int:
        """Wait for a signal or a child's exit; return the status to exit with.

        Until the app answers /healthz, also look whether it does; then record
        the address and say it is running.
        """
        up = False
        exited = {}
        while not received and not exited:
            if not up and answers(f"{url}/healthz"):
                up = True
                self._record(url, host, running=True)
                self._first_admin_link()
            else:
                time.sleep(POLL_SECONDS)
            exited = {
                name: child.returncode
                for name, child in children.items()
                if child.poll() is not None
            }
        if received:
            reason = f"{_signal_name(received[0])} received"
            status = 0
        else:
            name, status = next(iter(exited.items()))
            if status < 0:
                reason = f"the {name} was stopped by {_signal_name(-status)}"
            else:
                reason = f"the {name} exited with status {status}"
            # Stopping by itself is a failure, whatever the child said.
            status = status if status > 0 else 1
        running = [name for name, child in children.items() if child.poll() is None]
        self._say(
            self.stderr,
            f"clearhead serve: {reason}; stopping the "
            f"{' and the '.join(running) or 'rest'}.",
        )
        return status

    @staticmethod
    def _stop(children: dict[str, subprocess.Popen]) -> None:
        """Stop every child still running: SIGTERM, then SIGKILL after the grace."""
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
