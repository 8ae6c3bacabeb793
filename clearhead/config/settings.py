"""Django settings for Clearhead, read from the environment.

Everything configurable is listed in the README's configuration table.
Development needs no configuration at all: SQLite under var/, a secret key
generated once, e-mail printed to the console. Production (CLEARHEAD_ENV=
production) refuses to start without the settings it cannot guess.
"""

import base64
import secrets
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from clearhead.config.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
)
from clearhead.core import languages

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("CLEARHEAD_DATA_DIR") or BASE_DIR / "var").resolve()

CLEARHEAD_ENV = env_choice(
    "CLEARHEAD_ENV", ("development", "production"), "development"
)
PRODUCTION = CLEARHEAD_ENV == "production"
# Off by default even in development: debug pages can show health information.
DEBUG = env_bool("CLEARHEAD_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("CLEARHEAD_DEBUG must be false in production.")


def _secret(
    name: str, value: str, *, dev_file: str, dev_bytes: int, minimum: int, bytes_: bool
) -> str:
    """Return the secret `value` read from NAME (or NAME_FILE), checked.

    In development an empty one is generated once (`dev_bytes` random bytes)
    into var/<dev_file>; in production it is required and at least `minimum`
    characters (or bytes) long, else start-up stops with one line naming it.
    """
    if not value:
        if PRODUCTION:
            raise ImproperlyConfigured(
                f"{name} (or {name}_FILE) must be set when CLEARHEAD_ENV is production."
            )
        key_file = DATA_DIR / dev_file
        if not key_file.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.touch(mode=0o600)
            key_file.write_text(secrets.token_urlsafe(dev_bytes))
        value = key_file.read_text().strip()
    size = len(value.encode()) if bytes_ else len(value)
    if PRODUCTION and size < minimum:
        unit = "bytes" if bytes_ else "characters"
        raise ImproperlyConfigured(
            f"{name} must be at least {minimum} random {unit} in production "
            f"(it has {size})."
        )
    return value


SECRET_KEY = _secret(
    "SECRET_KEY",
    env_str("SECRET_KEY"),
    dev_file="secret_key",
    dev_bytes=64,
    minimum=50,
    bytes_=False,
)
# The key of every audit event's MAC (clearhead/audit/integrity.py): whoever
# can change the database but does not hold it cannot rewrite the audit log
# unnoticed. Keep it outside the database and its backups.
CLEARHEAD_AUDIT_KEY = _secret(
    "CLEARHEAD_AUDIT_KEY",
    env_str("CLEARHEAD_AUDIT_KEY"),
    dev_file="audit_key",
    dev_bytes=48,
    minimum=32,
    bytes_=True,
)
# The audit chain's head is checkpointed here, outside the database, by every
# sealing pass; `clearhead audit verify` compares the log against it.
AUDIT_CHECKPOINT_FILE = DATA_DIR / "audit_checkpoint.json"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names Clearhead is served under."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many load balancers stand in front of the app; their X-Forwarded-For
# entries give the client's address for the audit log. 0 trusts none.
CLEARHEAD_TRUSTED_PROXIES = env_int("CLEARHEAD_TRUSTED_PROXIES", 0)

# Where `clearhead serve` (`make run`) records the address it serves on.
BASE_URL_FILE = DATA_DIR / "base_url"


def _web_address(value: str, source: str, remedy: str = "") -> str:
    """Return value without a trailing slash if it is an http(s) address with a host.

    Else raise ImproperlyConfigured naming source: every link starts with it.
    """
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError for a port that is no number)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(character.isspace() for character in value)
    ):
        raise ImproperlyConfigured(
            f"{source} must be an http:// or https:// address with a host name "
            f"(such as https://clearhead.example.org), not {value[:100]!r}{remedy}."
        )
    return value.rstrip("/")


def _base_url() -> str:
    """Return the address people use to reach this deployment.

    CLEARHEAD_BASE_URL when set; else the address `make run` recorded when it
    last started, so a second shell's `clearhead first-admin-link` names the
    port the app really serves on; else the default of `make run`.
    """
    configured = env_str("CLEARHEAD_BASE_URL")
    if configured:
        return _web_address(configured, "CLEARHEAD_BASE_URL")
    try:
        recorded = BASE_URL_FILE.read_text().strip()
    except FileNotFoundError:
        recorded = ""
    except OSError as error:
        raise ImproperlyConfigured(
            f"{BASE_URL_FILE} (the address `clearhead serve` records) cannot be "
            f"read ({error.strerror}); remove it or set CLEARHEAD_BASE_URL."
        ) from None
    if not recorded:
        return "http://127.0.0.1:8000"
    return _web_address(
        recorded,
        f"{BASE_URL_FILE} (the address `clearhead serve` records)",
        "; remove it or set CLEARHEAD_BASE_URL",
    )


# For links in e-mails, in CLI output and in the one-time set-up link. Every
# link reads this one setting.
CLEARHEAD_BASE_URL = _base_url()
# Which help lines every page shows: numbers differ by country.
CLEARHEAD_REGION = env_choice("CLEARHEAD_REGION", ("US", "UK"), "US")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    # In INSTALLED_APPS so that the API docs use its bundled files, not a CDN.
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clearhead.core",
    "clearhead.audit",
    "clearhead.accounts",
    "clearhead.care",
    "clearhead.safety",
    "clearhead.flags",
    "clearhead.screening",
    "clearhead.education",
    "clearhead.directory",
    "clearhead.recovery",
    "clearhead.referrals",
    "clearhead.clinic",
    "clearhead.interop",
    "clearhead.sharing",
    "clearhead.breakglass",
    "clearhead.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The reader's language (clearhead.core.languages): after sessions, before
    # CommonMiddleware, as Django's LocaleMiddleware asks.
    "clearhead.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "clearhead.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clearhead.core.middleware.PrivacyHeadersMiddleware",
    "clearhead.audit.middleware.AuditContextMiddleware",
    "clearhead.accounts.middleware.StaffIdleTimeoutMiddleware",
    # After sign-in and idle time-out: times on every page in the reader's zone.
    "clearhead.care.middleware.ReaderTimeZoneMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clearhead.config.urls"
WSGI_APPLICATION = "clearhead.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "clearhead.core.context_processors.language_switch",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clearhead.safety.context_processors.help_lines",
                # After Django's own csrf: a page rendered for the public page
                # cache holds a placeholder, replaced per response.
                "clearhead.core.public_cache.csrf_placeholder",
                "clearhead.accounts.context_processors.device_store",
            ],
        },
    },
]


def _database() -> dict:
    config = env_database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'clearhead.sqlite3'}")
    if config["ENGINE"].endswith("sqlite3"):
        # WAL lets readers work beside a writer; IMMEDIATE transactions take
        # the write lock up front, so concurrent writers wait (busy timeout)
        # instead of failing with "database is locked" half-way through.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    else:
        config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses them during a lockout.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins lock that account, or that address, for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# django-axes keeps the fields of a failed sign-in (AccessAttempt.post_data)
# and masks only a field named exactly "password": the self-check's save
# page signs in with prefixed fields beside the carried answers ("state"),
# which must never be stored (a health screening, and a typed password).
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "signin-username",
    "signin-password",
    "state",
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "clearhead.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "clearhead.accounts.lockout.address_of"
AXES_VERBOSE = False
# Clinicians and administrators are signed out after 15 idle minutes.
STAFF_IDLE_TIMEOUT_SECONDS = 15 * 60
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# One cache for every app server when REDIS_URL is set (rate limits and
# API throttles must be shared to mean anything); per process otherwise.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# English and Spanish (clearhead.core.languages). Catalogues live in each
# app's locale/ and, for the site-wide templates, in clearhead/templates/
# locale/ (beside them, so `makemessages` run in an app's folder writes to
# that app's catalogue); `clearhead compile-catalogues` (run by `make run`
# and the tests) builds the .mo files with polib, so no gettext tools are
# needed to run Clearhead.
LANGUAGE_CODE = "en"
LANGUAGES = languages.LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "templates" / "locale"]
# Remembered without an account (it belongs to the device, not to one, so
# sign-out keeps it); quick exit deletes it. Lax and HTTPS-only like the
# session cookie.
LANGUAGE_COOKIE_NAME = "clearhead_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production the files are served straight from the source tree.
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[env_choice("EMAIL_BACKEND", ("console", "smtp"), "console")]
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Clearhead <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _vapid_private_key(raw: str) -> str:
    """The key `clearhead vapid-keys` prints: 32 bytes, base64url (43 characters)."""
    p256_order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    if not raw:
        return ""
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except ValueError:
        key = b""
    # A P-256 private key is a number from 1 to the curve's order less one.
    if len(key) != 32 or not 0 < int.from_bytes(key, "big") < p256_order:
        # Never echo a secret, even a wrong one.
        raise ImproperlyConfigured(
            "CLEARHEAD_VAPID_PRIVATE_KEY must be the private key that "
            "`clearhead vapid-keys` prints (43 characters)."
        )
    return raw


def _vapid_subject(raw: str) -> str:
    subject = raw or f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1]}"
    if not subject.startswith(("mailto:", "https://")):
        raise ImproperlyConfigured(
            "CLEARHEAD_VAPID_SUBJECT must be a mailto: or https:// address the "
            f"push services can reach the operator at, not {subject!r}."
        )
    return subject


# Reminder notifications (Web Push; README, "Reminder notifications"). With
# no private key, reminders go by e-mail only and no page offers them.
CLEARHEAD_VAPID_PRIVATE_KEY = _vapid_private_key(env_str("CLEARHEAD_VAPID_PRIVATE_KEY"))
# Who the push services contact about this deployment's notifications.
CLEARHEAD_VAPID_SUBJECT = _vapid_subject(env_str("CLEARHEAD_VAPID_SUBJECT"))
# The browsers' push services (recovery.push.push_service_allowed): the worker
# posts only there, whatever address a browser hands over.
CLEARHEAD_PUSH_SERVICES = env_list(
    "CLEARHEAD_PUSH_SERVICES",
    [
        "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera
        "updates.push.services.mozilla.com",  # Firefox
        ".push.apple.com",  # Safari
        ".notify.windows.com",  # Edge on Windows
    ],
)

# Transport security. Production assumes HTTPS, terminated here or at a
# load balancer that sets X-Forwarded-Proto (TRUST_X_FORWARDED_PROTO=true).
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Query strings can carry what someone typed (a ZIP code, a search),
        # paths an invitation code or a password-reset link; they never
        # reach the logs (the same rule as gunicorn's access log).
        "redact": {"()": "clearhead.core.logging.RedactSecrets"},
        # A refused request (403, 400) is one line, not a traceback.
        "client_errors_on_one_line": {
            "()": "clearhead.core.logging.ClientErrorsOnOneLine"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact", "client_errors_on_one_line"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "clearhead": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Lockouts are in the database; no per-attempt lines in the logs.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
FORM_RENDERER = "clearhead.core.forms.ClearheadFormRenderer"
CSRF_FAILURE_VIEW = "clearhead.core.views.csrf_failure"

# Background tasks (reminders) live in the database, so any number of
# `clearhead worker` processes on any number of machines can share them.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

# The worker re-fetches every directory feed registered with a URL
# (`import-meetings --url`, or a URL as the file) once this many hours have
# passed since its last fetch; 0 turns automatic refreshing off.
CLEARHEAD_FEED_REFRESH_HOURS = env_int("CLEARHEAD_FEED_REFRESH_HOURS", 24)

# Mounts the benchmark's floor endpoint (bench/README.md). Never in production.
CLEARHEAD_BENCH_FLOOR = env_bool("CLEARHEAD_BENCH_FLOOR", default=False)
if PRODUCTION and CLEARHEAD_BENCH_FLOOR:
    raise ImproperlyConfigured("CLEARHEAD_BENCH_FLOOR must be false in production.")
# Its app (and its patient-keyed table) exists only when the bench asks for it:
# a normal deployment has neither the endpoint nor the table.
if CLEARHEAD_BENCH_FLOOR:
    INSTALLED_APPS.append("clearhead.benchfloor")

# A strict Content-Security-Policy: our own scripts, styles and images only,
# no inline script, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Two-factor sign-in (TOTP, with recovery codes): required for clinicians and
# administrators, offered to everyone else.
CLEARHEAD_REQUIRE_STAFF_2FA = env_bool("CLEARHEAD_REQUIRE_STAFF_2FA", default=True)
OTP_TOTP_ISSUER = "Clearhead"
