"""Strict readers for configuration that comes from the environment.

Every reader raises ImproperlyConfigured with one sentence that names the
variable and says what is wrong, so a bad deployment stops at start-up with
a line an operator can act on, never with a traceback.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """Return the variable, or its value read from the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE names {file_name!r}, which cannot be read "
                f"({error.strerror})."
            ) from None
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean; only true/false (and 1/0, yes/no, on/off) are accepted."""
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    """Return an integer, refusing anything that is not a whole number."""
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list with blanks removed."""
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """Return one of the allowed words, case-insensitively."""
    raw = env_str(name) or default
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    allowed = ", ".join(choices)
    raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {raw!r}.")


def env_database(name: str, default_url: str) -> dict:
    """Parse a database URL (SQLite or PostgreSQL) into a DATABASES entry."""
    url = env_str(name) or default_url
    hint = "expected sqlite:///path or postgres://user@host:port/name"
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception:  # the parser raises several unrelated types
        raise ImproperlyConfigured(f"{name} is malformed ({hint}).") from None
    if config.get("ENGINE") not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"{name} names a database Clearhead does not support ({hint})."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} does not name a database ({hint}).")
    return config


SUPPORTED_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}
