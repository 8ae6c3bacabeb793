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
    }

# Argon2 is deliberately slow; tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CLEARHEAD_BASE_URL = "http://testserver"
# Static files come from the source tree (finders); nothing is collected.
STATIC_ROOT = None
# Most tests sign staff in directly; the two-factor tests switch this on.
CLEARHEAD_REQUIRE_STAFF_2FA = False
