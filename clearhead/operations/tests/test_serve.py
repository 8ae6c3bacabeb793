"""`clearhead serve` (what `make run` runs) and the one base URL for links.

The launcher runs for real: gunicorn and the worker as child processes on a
free loopback port, against a migrated SQLite database in a temporary data
directory. Every wait is bounded.
"""

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.server import free_port, wait_until_up, worker_pids
from clearhead.core.tests.test_configuration import CLI, clearhead
from clearhead.operations.management.commands import serve, worker
from clearhead.operations.management.commands.serve import base_url_for

PRINT_BASE_URL = "from django.conf import settings; print(settings.CLEARHEAD_BASE_URL)"
STOP_SECONDS = 40


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """One migrated SQLite file, copied into each test's data directory."""
    data_dir = tmp_path_factory.mktemp("migrated")
    result = clearhead("migrate", "--no-input", "-v", "0", tmp_path=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir / "clearhead.sqlite3"


@pytest.fixture
def data_dir(tmp_path, migrated_database) -> Path:
    shutil.copy(migrated_database, tmp_path / "clearhead.sqlite3")
    return tmp_path


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8080"),
        ("0.0.0.0", "http://127.0.0.1:8080"),  # noqa: S104  (what HOST may say)
        ("::", "http://[::1]:8080"),
        ("[::]", "http://[::1]:8080"),
        ("clearhead.local", "http://clearhead.local:8080"),
        ("fe80::1", "http://[fe80::1]:8080"),
    ],
)
def test_a_wildcard_bind_is_recorded_as_the_loopback_address(host, url):
    assert base_url_for(host, 8080) == url


def test_the_base_url_environment_variable_wins_over_the_recorded_address(
    tmp_path,
):
    (tmp_path / "base_url").write_text("http://127.0.0.1:8080\n")
    result = clearhead(
        "shell",
        "-v",
        "0",
        "-c",
        PRINT_BASE_URL,
        tmp_path=tmp_path,
        CLEARHEAD_BASE_URL="https://clearhead.example.org/",
    )
    assert result.stdout.strip() == "https://clearhead.example.org", result.stderr


def test_without_a_recorded_address_links_use_the_default(tmp_path):
    result = clearhead("shell", "-v", "0", "-c", PRINT_BASE_URL, tmp_path=tmp_path)
    assert result.stdout.strip() == "http://127.0.0.1:8000", result.stderr


def test_first_admin_link_in_another_shell_shows_the_recorded_port(data_dir):
    (data_dir / "base_url").write_text("http://127.0.0.1:8080\n")
    result = clearhead("first-admin-link", tmp_path=data_dir)
    assert "    http://127.0.0.1:8080/account/invitation/" in result.stdout, (
        result.stderr
    )


def _serve(data_dir: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603  (our own command, fixed arguments)
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env={
            "PATH": os.environ["PATH"],
            "CLEARHEAD_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "clearhead.config.settings",
        },
        stdout=(data_dir / "serve.out").open("w"),
        stderr=subprocess.PIPE,
    )


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def _children_by_role(launcher: subprocess.Popen) -> dict[str, int]:
    roles = {}
    for pid in worker_pids(launcher):
        command = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
        if "first-admin-link" in command or len(command) < 2:
            continue  # the link's command, finishing
        roles["web" if "gunicorn" in command else command[-2]] = pid
    return roles


def _stop(launcher: subprocess.Popen) -> str:
    if launcher.poll() is None:
        # SIGTERM first, so that serve stops its children (which hold stderr).
        launcher.terminate()
        try:
            launcher.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            launcher.kill()
    return launcher.communicate(timeout=STOP_SECONDS)[1].decode()


def _wait_for_line(path: Path, text: str, launcher: subprocess.Popen) -> str:
    """Wait (bounded) until serve has written text to its output; return it all."""
    for _ in range(300):
        output = path.read_text()
        if text in output:
            return output
        assert launcher.poll() is None, output
        time.sleep(0.2)
    raise AssertionError(f"serve never said {text!r}: {path.read_text()}")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_serve_runs_the_app_and_the_worker_and_a_stop_signal_stops_both(data_dir, stop):
    port = free_port()
    launcher = _serve(data_dir, port)
    try:
        first_lines = _wait_for_line(
            data_dir / "serve.out", "/account/invitation/", launcher
        )
        # Said only once the app answers: no retry needed.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as health:
            assert health.status == 200
        assert first_lines.index("Clearhead is running on") < first_lines.index(
            "/account/invitation/"
        )
        children = _children_by_role(launcher)
        assert set(children) == {"web", "worker"}
        assert (data_dir / "base_url").read_text() == f"http://127.0.0.1:{port}\n"
        for path in ("/account/invitation/s3cretCode42/", "/static/css/clearhead.css"):
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").close()
        launcher.send_signal(stop)
        assert launcher.wait(timeout=STOP_SECONDS) == 0
    finally:
        errors = _stop(launcher)
    assert (
        f"clearhead serve: {stop.name} received; stopping the web server and the "
        "worker." in errors
    )
    assert all(_gone(pid) for pid in children.values())
    assert f"Clearhead is running on http://127.0.0.1:{port}" in first_lines
    assert f"http://127.0.0.1:{port}/account/invitation/" in first_lines
    assert "Traceback" not in errors
    # The access log: no invitation code, no static files.
    output = (data_dir / "serve.out").read_text()
    assert '"GET /account/invitation/[redacted]/"' in output
    assert "s3cretCode42" not in output
    assert "/static/" not in output


def test_when_the_worker_is_killed_the_web_server_is_stopped_and_serve_fails(
    data_dir,
):
    port = free_port()
    launcher = _serve(data_dir, port)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", launcher)
        children = _children_by_role(launcher)
        os.kill(children["worker"], signal.SIGKILL)
        # 1, not -9 (which the shell would see as 247).
        assert launcher.wait(timeout=STOP_SECONDS) == 1
    finally:
        errors = _stop(launcher)
    assert (
        "clearhead serve: the worker was stopped by SIGKILL; stopping the web server."
        in errors
    )
    assert _gone(children["web"])


@pytest.mark.parametrize("record_only", [False, True], ids=["serve", "record-only"])
def test_a_port_in_use_stops_serve_with_one_line_and_records_nothing(
    tmp_path, record_only
):
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        port = other_program.getsockname()[1]
        arguments = ["serve", "--port", str(port)]
        result = clearhead(
            *arguments, *(["--record-only"] if record_only else []), tmp_path=tmp_path
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"clearhead serve: port {port} is already in use by another program (on "
        "127.0.0.1); stop it, or choose another port (PORT=8080 make run)."
    ]
    assert result.stdout == ""
    assert not (tmp_path / "base_url").exists()


class FakeChild:
    """Stands in for a child process that exits at once."""

    def __init__(self, command, **options):
        self.command, self.returncode = command, None

    def poll(self):
        self.returncode = 0
        return 0

    def terminate(self):
        pass

    def wait(self, timeout=None):
        return 0


def test_stop_signals_are_handled_before_the_children_start(monkeypatch, settings):
    """A signal between two Popen calls must not leave the first child orphaned."""
    settings.BASE_URL_FILE = settings.DATA_DIR / "never-written"
    stop_signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    saved = {number: signal.getsignal(number) for number in stop_signals}
    started, handlers = [], []

    def popen(command, **options):
        handlers.append({n: signal.getsignal(n) for n in stop_signals})
        started.append(FakeChild(command))
        # The terminal closes just after the first child started.
        handlers[0][signal.SIGHUP](signal.SIGHUP, None)
        return started[-1]

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    monkeypatch.setattr(serve, "answers", lambda url: False)
    try:
        status = serve.Command(stdout=io.StringIO(), stderr=io.StringIO())._serve(
            "127.0.0.1", free_port(), 1
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    defaults = (signal.SIG_DFL, signal.SIG_IGN, signal.default_int_handler)
    assert not any(handler in defaults for handler in handlers[0].values())
    assert len(started) == 1  # the worker never started
    assert status == 0
    assert not settings.BASE_URL_FILE.exists()


def test_the_worker_says_it_started(db, monkeypatch):
    class Stop(Exception):
        pass

    def sleep(seconds):
        raise Stop

    monkeypatch.setattr(worker.time, "sleep", sleep)
    out = io.StringIO()
    with pytest.raises(Stop):
        call_command("worker", interval=60, stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "Worker started: reminders, supporter alerts and audit sealing every 60 s."
    )


def _configuration_error(result) -> str:
    """The one line `clearhead` prints for a wrong setting."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("clearhead: configuration error: ")
    return lines[0]


def test_an_unreadable_recorded_address_stops_with_one_line_naming_the_file(
    tmp_path,
):
    (tmp_path / "base_url").mkdir()
    line = _configuration_error(clearhead("check", tmp_path=tmp_path))
    assert str(tmp_path / "base_url") in line


@pytest.mark.parametrize(
    "recorded",
    [
        "javascript:alert(1)",
        "127.0.0.1:8000",
        "ftp://127.0.0.1:8000",
        "http://",
        "http://127.0.0.1:port",
        "http://127.0.0.1:8000/?next=x",
    ],
)
def test_a_recorded_address_that_is_no_web_address_stops_with_one_line(
    tmp_path, recorded
):
    (tmp_path / "base_url").write_text(recorded + "\n")
    line = _configuration_error(clearhead("check", tmp_path=tmp_path))
    assert str(tmp_path / "base_url") in line


@pytest.mark.parametrize(
    "configured", ["javascript:alert(1)", "clearhead.example.org", "https:///x"]
)
def test_a_base_url_variable_that_is_no_web_address_stops_with_one_line(
    tmp_path, configured
):
    result = clearhead("check", tmp_path=tmp_path, CLEARHEAD_BASE_URL=configured)
    assert "CLEARHEAD_BASE_URL" in _configuration_error(result)
