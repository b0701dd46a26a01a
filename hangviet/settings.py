"""Settings for hangviet, read from environment variables with safe development defaults.

Production (DEBUG off) refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("HANGVIET_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    """Return the environment variable `name` as a string."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return the environment variable `name` as a boolean; refuse anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return the environment variable `name` as an integer; refuse anything else."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty strings."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "axes",
    "csp",
    "hangviet.core",
    "hangviet.orgs",
    "hangviet.plans",
    "hangviet.activities",
    "hangviet.reporting",
    "hangviet.exchange",
    "hangviet.outcomes",
    "hangviet.directory",
    "hangviet.portal",
    "hangviet.desk",
    "hangviet.monitoring",
    "hangviet.radio",
    "hangviet.accounts",
    "hangviet.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hangviet.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hangviet.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hangviet.core.middleware.RequestContextMiddleware",
    "hangviet.core.middleware.ServiceErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    "hangviet.core.middleware.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hangviet.urls"
WSGI_APPLICATION = "hangviet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hangviet.desk.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, anything dj-database-url understands otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "hangviet.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
                # BEGIN so concurrent writers wait (up to `timeout`) instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Kept open between requests (per thread), as for PostgreSQL: opening one costs
            # the PRAGMAs and SQLite reading the whole schema again, on every request.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }

# A read replica of the primary (PostgreSQL streaming replication): dashboards and exports
# read from it (hangviet.core.routers); everything else, and every write, uses the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
DATABASE_ROUTERS = ["hangviet.core.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"


def _package_static(module: str) -> list[Path]:
    """Return the static folder of an installed package that is not a Django app."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(next(iter(spec.submodule_search_locations))) / "static"]


# Leaflet's files ship in django-leaflet; its Django app needs GDAL, so only its static folder
# is used.
STATICFILES_DIRS = _package_static("leaflet")
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the apps and packages in development, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Digital signatures (docs/electronic-documents.md): a JSON file naming the agencies' and the
# signers' keys (PKCS#12 files or PKCS#11 tokens), the trusted roots and a timestamp authority.
# `hangviet demo` writes one with throw-away test keys under var/signing/.
SIGNING_CONFIG = env_str("HANGVIET_SIGNING_CONFIG", str(VAR_DIR / "signing" / "signing.json"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Behind one reverse proxy that appends the client's address to X-Forwarded-For (nginx:
# proxy_add_x_forwarded_for), set this so limits and the audit trail see the client, not the
# proxy. Never set it when clients reach the app directly: they could forge the header.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
# Password guessing (django-axes, hangviet.accounts.throttling): per account and address,
# 5 failures lock for 15 minutes, doubled for each further lockout within a day.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "hangviet.accounts.throttling.username_key"
AXES_CLIENT_IP_CALLABLE = "hangviet.core.middleware.client_ip"
AXES_COOLOFF_TIME = "hangviet.accounts.throttling.cool_off"
AXES_LOCKOUT_CALLABLE = "hangviet.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 200
AXES_VERBOSE = False

CSRF_FAILURE_VIEW = "hangviet.core.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)

# Two-step sign-in (TOTP): required for these roles, and for administrators; in production
# (DEBUG off) coordinators and administrators by default.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", [] if DEBUG else ["coordinator"])
TWO_FACTOR_REQUIRED_FOR_ADMINS = env_bool("TWO_FACTOR_REQUIRED_FOR_ADMINS", not DEBUG)

# Quick entry's outbox: a request with no answer after this many seconds counts as not sent and
# is tried again later (a weak signal; docs/activities.md).
HANGVIET_OUTBOX_TIMEOUT = env_int("HANGVIET_OUTBOX_TIMEOUT", 20)

# Press monitoring: politeness and limits (docs/monitoring.md).
MONITOR_MIN_DELAY = env_int("MONITOR_MIN_DELAY", 5)  # seconds between requests to one host
MONITOR_TIMEOUT = env_int("MONITOR_TIMEOUT", 10)  # seconds to connect / between bytes
MONITOR_DEADLINE = env_int("MONITOR_DEADLINE", 30)  # seconds for a whole response
MONITOR_MAX_BYTES = env_int("MONITOR_MAX_BYTES", 5 * 1024 * 1024)
MONITOR_MAX_FAILURES = env_int("MONITOR_MAX_FAILURES", 5)  # then the source is paused
MONITOR_SILENT_DAYS = env_int("MONITOR_SILENT_DAYS", 14)
# Sources inside the server's own network (127.0.0.1, 10.x …): allowed only in development.
MONITOR_ALLOW_PRIVATE_ADDRESSES = env_bool("MONITOR_ALLOW_PRIVATE_ADDRESSES", DEBUG)

# Grassroots radio: the speech engine (docs/radio.md).
RADIO_TTS_COMMAND = env_str("RADIO_TTS_COMMAND", "")  # e.g. "piper --model M --output_file {out}"
RADIO_ESPEAK = env_str("RADIO_ESPEAK", "espeak-ng")
RADIO_ESPEAK_SPEED = env_int("RADIO_ESPEAK_SPEED", 145)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hangviet <no-reply@localhost>")
# The address people open hangviet at, for the links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)

# Background work through Django's task interface; the database backend by default, a
# Redis-backed queue (RQ) for several workers at scale: TASKS_BACKEND=django_tasks_rq.RQBackend,
# workers run `hangviet rqworker --job-class django_tasks_rq.Job default`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
# A running task beats every TASK_BEAT_SECONDS; one silent for TASK_DEAD_AFTER_SECONDS lost its
# worker and the scheduler puts it back in its queue (core/heartbeat.py).
TASK_BEAT_SECONDS = env_int("HANGVIET_TASK_BEAT_SECONDS", 10)
TASK_DEAD_AFTER_SECONDS = env_int("HANGVIET_TASK_DEAD_AFTER_SECONDS", 60)

# Where the shared seed documents live (read, never copied into the repository).
SEEDS_DIR = Path(env_str("HANGVIET_SEEDS_DIR", str(PROJECT_DIR.parent / "shared" / "seeds")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# The public map: tiles from this server (a setting, so a province can run its own); the map
# page lists every place as well, so it still works when tiles cannot be reached.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap")

# Content-Security-Policy (django-csp): every script and stylesheet is a file served by the
# app itself, no 'unsafe-inline'; images also from the map's tile server. Views that need
# another policy (evidence downloads, the embeddable news widget) set their own header.
_TILES = urlsplit(MAP_TILE_URL).netloc.replace("{s}", "*")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([f"https://{_TILES}"] if _TILES else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

# The covering index of the statistics (analytics.SubtreeTotal) is a PostgreSQL feature; on
# SQLite it is a plain index, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
