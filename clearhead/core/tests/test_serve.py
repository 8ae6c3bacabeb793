"""`clearhead serve` (what `make run` runs) and the one base URL for links.

The launcher runs for real: gunicorn and the worker as child processes on a
free loopback port, against a migrated SQLite database in a temporary data
directory. Every wait is bounded.
"""

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from bench.server import free_port, wait_until_up, worker_pids
from clearhead.core.management.commands.serve import base_url_for
from clearhead.core.tests.test_configuration import CLI, clearhead

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
        roles["web" if "gunicorn" in command else command[-2]] = pid
    return roles


def _stop(launcher: subprocess.Popen) -> str:
    if launcher.poll() is None:
        launcher.kill()
    return launcher.communicate(timeout=STOP_SECONDS)[1].decode()


def test_serve_runs_the_app_and_the_worker_and_sigterm_stops_both(data_dir):
    port = free_port()
    launcher = _serve(data_dir, port)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", launcher)
        children = _children_by_role(launcher)
        assert set(children) == {"web", "worker"}
        assert (data_dir / "base_url").read_text() == f"http://127.0.0.1:{port}\n"
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=STOP_SECONDS) == 0
    finally:
        errors = _stop(launcher)
    assert (
        "clearhead serve: SIGTERM received; stopping the web server and the worker."
        in errors
    )
    assert all(_gone(pid) for pid in children.values())
    first_lines = (data_dir / "serve.out").read_text()
    assert f"Clearhead is running on http://127.0.0.1:{port}" in first_lines
    assert f"http://127.0.0.1:{port}/account/invitation/" in first_lines
    assert "Traceback" not in errors


def test_when_the_worker_stops_the_web_server_is_stopped_too(data_dir):
    port = free_port()
    launcher = _serve(data_dir, port)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", launcher)
        children = _children_by_role(launcher)
        os.kill(children["worker"], signal.SIGKILL)
        assert launcher.wait(timeout=STOP_SECONDS) != 0
    finally:
        errors = _stop(launcher)
    assert (
        "clearhead serve: the worker exited with status -9; stopping the web server."
        in errors
    )
    assert _gone(children["web"])


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
