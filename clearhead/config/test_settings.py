"""Settings for the test suite: the real settings with fast, local parts."""

from clearhead.config.env import env_database
from clearhead.config.settings import *  # noqa: F403
from clearhead.config.settings import DATA_DIR

# TEST_DATABASE_URL selects PostgreSQL for the second pass of `make test`;
# pytest-django creates and drops a test_-prefixed database beside it.
DATABASES = {
    "default": env_database(
        "TEST_DATABASE_URL", f"sqlite:///{DATA_DIR / 'test.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A test database is thrown away: no need to wait for the disk.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
    }
    # A file, as in production, not Django's in-memory default: the browser
    # tests' live server then opens its own connections in its own threads,
    # instead of sharing this thread's one (which fails when a request thread
    # closes it after the test has ended). pytest-xdist adds _gw0, _gw1...
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-suite.sqlite3")}

# Argon2 is deliberately slow; tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CLEARHEAD_BASE_URL = "http://testserver"
# Static files come from the source tree (finders); nothing is collected.
STATIC_ROOT = None
# Most tests sign staff in directly; the two-factor tests switch this on.
CLEARHEAD_REQUIRE_STAFF_2FA = False
