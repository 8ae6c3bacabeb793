"""Configuration from the environment, and the `clearhead` command."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from clearhead.config import env

CLI = [sys.executable, "-m", "clearhead.cli"]


def clearhead(*args, tmp_path: Path, **environment):
    """Run the real `clearhead` command in a clean environment."""
    base = {
        "PATH": os.environ["PATH"],
        "CLEARHEAD_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "clearhead.config.settings",
    }
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [*CLI, *args],
        env=base | environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "CLEARHEAD_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "CLEARHEAD_AUDIT_KEY": secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": "clearhead.example.org",
    "EMAIL_BACKEND": "smtp",
    "EMAIL_HOST": "smtp.example.org",
    "CLEARHEAD_BASE_URL": "https://clearhead.example.org",
}


def test_production_settings_pass_the_deploy_check_with_no_warnings(tmp_path):
    result = clearhead(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_stops_with_one_line(tmp_path):
    result = clearhead("check", tmp_path=tmp_path, **(PRODUCTION | {"SECRET_KEY": ""}))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "clearhead: configuration error: SECRET_KEY (or SECRET_KEY_FILE) must be "
        "set when CLEARHEAD_ENV is production."
    ]


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (
            "",
            "CLEARHEAD_AUDIT_KEY (or CLEARHEAD_AUDIT_KEY_FILE) must be set when "
            "CLEARHEAD_ENV is production.",
        ),
        (
            "k" * 31,
            "CLEARHEAD_AUDIT_KEY must be at least 32 random bytes in production "
            "(it has 31).",
        ),
    ],
    ids=["missing audit key", "short audit key"],
)
def test_production_without_a_good_audit_key_stops_with_one_line(
    tmp_path, key, problem
):
    result = clearhead(
        "check", tmp_path=tmp_path, **(PRODUCTION | {"CLEARHEAD_AUDIT_KEY": key})
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"clearhead: configuration error: {problem}"
    ]


def test_development_generates_the_audit_key_once_into_the_data_dir(tmp_path):
    for _ in range(2):
        result = clearhead("check", tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
    key_file = tmp_path / "audit_key"
    assert len(key_file.read_text().strip()) >= 32
    assert key_file.stat().st_mode & 0o077 == 0


SHORT_KEY = "x" * 49
WHAT_IS_WRONG = {
    "": "SECRET_KEY (or SECRET_KEY_FILE) must be set when CLEARHEAD_ENV is production.",
    SHORT_KEY: "SECRET_KEY must be at least 50 random characters in production "
    "(it has 49).",
}


def test_production_with_a_short_secret_key_stops_with_one_line(tmp_path):
    result = clearhead(
        "check", tmp_path=tmp_path, **(PRODUCTION | {"SECRET_KEY": SHORT_KEY})
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"clearhead: configuration error: {WHAT_IS_WRONG[SHORT_KEY]}"
    ]


@pytest.mark.parametrize("key", ["", SHORT_KEY], ids=["missing key", "short key"])
def test_gunicorn_stops_on_a_bad_secret_key_with_one_line(tmp_path, key):
    """The WSGI module names the setting; gunicorn adds only its own log lines."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clearhead.config.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        env={
            "PATH": os.environ["PATH"],
            "CLEARHEAD_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "clearhead.config.settings",
        }
        | PRODUCTION
        | {"SECRET_KEY": key},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = f"clearhead: configuration error: {WHAT_IS_WRONG[key]}"
    assert output.splitlines().count(line) == 1, output
    assert "Traceback" not in output
    assert "App failed to load." in output


@pytest.mark.parametrize(
    "url", ["nonsense", "mysql://root@localhost/x", "postgres://host:notaport/db"]
)
def test_a_malformed_database_url_stops_with_one_line(tmp_path, url):
    result = clearhead("check", tmp_path=tmp_path, DATABASE_URL=url)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("clearhead: configuration error: DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path):
    clearhead("check", tmp_path=tmp_path)
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    clearhead("check", tmp_path=tmp_path)
    assert key_file.read_text() == first
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_help_lists_the_operator_commands(tmp_path):
    result = clearhead("help", tmp_path=tmp_path)
    for command in ("create-user", "create-token", "first-admin-link", "migrate"):
        assert command in result.stdout


def test_sqlite_uses_wal_and_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.transaction_mode)"
    )
    result = clearhead(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        tmp_path=tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert result.stdout.split() == ["wal", "IMMEDIATE"], result.stderr


def test_env_bool_refuses_words_it_does_not_know(monkeypatch):
    monkeypatch.setenv("CLEARHEAD_DEBUG", "maybe")
    with pytest.raises(
        ImproperlyConfigured, match="CLEARHEAD_DEBUG must be true or false"
    ):
        env.env_bool("CLEARHEAD_DEBUG", default=False)


def test_env_int_refuses_non_numbers(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "25x")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env.env_int("EMAIL_PORT", 587)


def test_env_choice_names_the_allowed_values(monkeypatch):
    monkeypatch.setenv("CLEARHEAD_REGION", "FR")
    with pytest.raises(ImproperlyConfigured, match="one of US, UK, not 'FR'"):
        env.env_choice("CLEARHEAD_REGION", ("US", "UK"), "US")


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.env_str("SECRET_KEY") == "from-a-file"
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE names"):
        env.env_str("SECRET_KEY")


def test_postgres_urls_are_understood():
    config = env.env_database("NO_SUCH_VARIABLE", "postgres://u@db.internal:5433/ch")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.internal",
        5433,
        "ch",
    )


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


REDIS = "redis://127.0.0.1:6379/15"


def test_app_servers_share_rate_limits_through_redis(tmp_path):
    """Two processes, like two app servers: the second sees the first's use."""
    if not _redis_answers():
        pytest.skip(f"no Redis answered at {REDIS}")
    scope = secrets.token_hex(8)
    use_once = (
        "from clearhead.core.ratelimit import take; "
        f"take(scope='{scope}', client_address='192.0.2.1', limit=1, window_seconds=60)"
    )
    shared = {"REDIS_URL": REDIS, "SECRET_KEY": "the same on every server"}
    first = clearhead("shell", "-c", use_once, tmp_path=tmp_path, **shared)
    assert first.returncode == 0, first.stderr
    second = clearhead("shell", "-c", use_once, tmp_path=tmp_path, **shared)
    assert "RateLimited" in second.stderr


# The bench's floor app has a patient-keyed table: a deployment never has it.
SHOW_FLOOR = (
    "from django.apps import apps; from django.db import connection; "
    "print(apps.is_installed('clearhead.benchfloor'), "
    "'benchfloor_floorrow' in connection.introspection.table_names())"
)


def test_a_deployment_has_no_bench_floor_table_unless_the_bench_asks(tmp_path):
    assert clearhead("migrate", "-v", "0", tmp_path=tmp_path).returncode == 0
    normal = clearhead("shell", "-v", "0", "-c", SHOW_FLOOR, tmp_path=tmp_path)
    assert normal.stdout.split() == ["False", "False"], normal.stderr
    assert (
        "/bench/floor"
        not in clearhead(
            "shell",
            "-c",
            "from clearhead.config.api import api; print(api.urls)",
            tmp_path=tmp_path,
        ).stdout
    )

    floor = {"CLEARHEAD_BENCH_FLOOR": "true"}
    assert clearhead("migrate", "-v", "0", tmp_path=tmp_path, **floor).returncode == 0
    bench = clearhead("shell", "-v", "0", "-c", SHOW_FLOOR, tmp_path=tmp_path, **floor)
    assert bench.stdout.split() == ["True", "True"], bench.stderr
