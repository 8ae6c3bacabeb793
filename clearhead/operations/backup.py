"""Consistent online backups: SQLite's backup API, or pg_dump/pg_restore."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why."""


def _pg_env_and_args() -> tuple[dict, list[str]]:
    settings = connection.settings_dict
    env = os.environ | (
        {"PGPASSWORD": settings["PASSWORD"]} if settings.get("PASSWORD") else {}
    )
    args = [
        "--host",
        settings.get("HOST") or "localhost",
        "--port",
        str(settings.get("PORT") or 5432),
        "--username",
        settings.get("USER") or "postgres",
        "--dbname",
        settings["NAME"],
    ]
    return env, args


def _run(command: list[str], env: dict) -> None:
    try:
        subprocess.run(  # noqa: S603  (fixed commands, our own settings)
            command, env=env, check=True, capture_output=True, text=True, timeout=3600
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian package postgresql-client)."
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{command[0]} failed: {error.stderr.strip().splitlines()[-1] if error.stderr else error}"
        ) from None


def backup(destination: Path) -> None:
    """Write a consistent copy of the live database to `destination`."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(
                target
            )  # a consistent snapshot, even while in use
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(destination),
                *args,
            ],
            env,
        )
    else:
        raise BackupError(f"Backups are not supported for {connection.vendor}.")


def restore(source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            origin.execute("PRAGMA schema_version")
            origin.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup ({error}).") from None
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"Restores are not supported for {connection.vendor}.")
