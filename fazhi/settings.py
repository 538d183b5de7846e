"""The one settings module: everything that differs between machines comes from the environment.

FAZHI_ENV           development (default) | production | test
FAZHI_SECRET_KEY    required in production
FAZHI_DEBUG         1/0; defaults to on in development, must be off in production
FAZHI_DATA_DIR      where the SQLite file, uploads and collected static files live (./var)
DATABASE_URL        e.g. postgres://fazhi:secret@127.0.0.1:5432/fazhi; SQLite when unset
                    (a sqlite:////path URL gets the same SQLite options: WAL, IMMEDIATE, busy timeout)
FAZHI_ALLOWED_HOSTS comma-separated host names
FAZHI_DEMO_MODE     1 when the instance serves the public demo (demo passwords stay valid)
FAZHI_MAX_REQUEST_BYTES      largest request body accepted (25 MB)
FAZHI_PUBLIC_POSTS_PER_HOUR  anonymous portal form posts per client address and hour (30)
FAZHI_EVIDENCE_MAX_BYTES     largest audio or video evidence file of an enforcement case (200 MB)
FAZHI_LOGIN_IP_FAILURE_LIMIT failed logins from one client address, any accounts, that lock it (30)
FAZHI_LOGIN_IP_WINDOW_MINUTES  the minutes over which those failures are counted (15)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


FAZHI_ENV = os.environ.get("FAZHI_ENV", "development")
if FAZHI_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"FAZHI_ENV must be development, production or test, not {FAZHI_ENV!r}."
    )
PRODUCTION = FAZHI_ENV == "production"

DEBUG = _env_flag("FAZHI_DEBUG", default=not PRODUCTION)
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Production needs FAZHI_SECRET_KEY of at least 32 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if DEBUG:
        raise ImproperlyConfigured("Production refuses to start with FAZHI_DEBUG on.")
elif not SECRET_KEY:
    SECRET_KEY = "fazhi-development-only-key-never-used-in-production-0123456789"

DEMO_MODE = _env_flag("FAZHI_DEMO_MODE", default=not PRODUCTION)

DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR", PROJECT_DIR / "var")).resolve()
if FAZHI_ENV == "test" and os.environ.get("PYTEST_XDIST_WORKER"):
    # Each worker of a parallel test run keeps its files (and SQLite files) apart.
    DATA_DIR = DATA_DIR / os.environ["PYTEST_XDIST_WORKER"]

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "FAZHI_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost"
    ).split(",")
    if h.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Production needs FAZHI_ALLOWED_HOSTS, e.g. fazhi.example.gov.cn (comma-separated)."
    )
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "fazhi.core",
    "fazhi.org",
    "fazhi.accounts",
    "fazhi.audit",
    "fazhi.legal_services",
    "fazhi.reviews",
    "fazhi.enforcement",
    "fazhi.outreach",
    "fazhi.study",
    "fazhi.reports",
    "fazhi.district",
    "fazhi.api",
    "fazhi.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.RequestLimitsMiddleware",
    "fazhi.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.accounts.middleware.SessionSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "fazhi.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite's safeguards. IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
# one failing half-way with "database is locked" (the audit chain relies on writes being
# serialised); WAL lets readers go on while one writes; the busy timeout is how long a writer
# queues; SQLite enforces foreign keys only when asked.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}


def with_sqlite_safeguards(database: Mapping[str, Any]) -> dict[str, Any]:
    """The database's settings with SQLite's safeguards; other engines are returned as given.

    Options named in the database URL's query (``sqlite:///…?timeout=60``) are kept over them.
    """
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return dict(database)
    return {
        **database,
        "OPTIONS": SQLITE_OPTIONS | database.get("OPTIONS", {}),
        "TEST": {"NAME": os.environ.get("FAZHI_TEST_SQLITE_NAME") or None}
        | database.get("TEST", {}),
    }


DATABASE_URL = os.environ.get("DATABASE_URL", "")
_database: Mapping[str, Any]
if DATABASE_URL:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "fazhi.sqlite3"),
        # Persistent connections keep the WAL pragmas and save the reconnect per request.
        "CONN_MAX_AGE": 600,
    }
DATABASES = {"default": with_sqlite_safeguards(_database)}
# A PostgreSQL streaming replica for the reads that only count and list (figures, dashboards,
# exports): see fazhi/core/replica.py. The tests configure the alias as a mirror of the test
# database, and switch the routing on where they check it.
REPLICA_URL = os.environ.get("FAZHI_REPLICA_URL", "")
FAZHI_READ_REPLICA: str | None = None
if REPLICA_URL:
    DATABASES["replica"] = dict(
        dj_database_url.parse(REPLICA_URL, conn_max_age=600, conn_health_checks=True)
    )
    FAZHI_READ_REPLICA = "replica"
elif FAZHI_ENV == "test":
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["fazhi.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login security (等保二级) --------------------------------------------------
AUTH_USER_MODEL = "org.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "fazhi.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if FAZHI_ENV == "test":
    # Argon2 is slow by design; tests that check the hasher override this.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Five wrong passwords in a row lock the account for 30 minutes. The client address has its own,
# higher threshold counted across accounts (30 failures within 15 minutes lock it for 30
# minutes), so one person's typos do not lock out colleagues behind the same NAT address while
# guessing many accounts' passwords from one address still stops.
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_SECONDS = 30 * 60
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("FAZHI_LOGIN_IP_FAILURE_LIMIT", 30))
LOGIN_IP_FAILURE_WINDOW_SECONDS = int(os.environ.get("FAZHI_LOGIN_IP_WINDOW_MINUTES", 15)) * 60
SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
# The idle limit is enforced (and audited) by accounts.middleware; the stored session lives
# longer so that a timed-out user's next request still names who is being logged out.
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_SECONDS + 12 * 60 * 60
# A session is saved when it changes, not on every request: the activity time the idle limit
# reads is written at most once a minute (accounts.middleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_WRITE_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION and _env_flag("FAZHI_HTTPS", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# JSON under /api/ (fazhi.api.views.csrf_failure), the back office's page elsewhere.
CSRF_FAILURE_VIEW = "fazhi.api.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("FAZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# On only behind a reverse proxy that appends the client's address to X-Forwarded-For: the
# audit log and the login lockout then use that address instead of the proxy's.
FAZHI_TRUST_PROXY = _env_flag("FAZHI_TRUST_PROXY", default=False)

# --- Content security policy: nothing is loaded from anywhere but this server ----------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Language, time ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    # Development serves assets straight from the apps; production runs collectstatic.
    WHITENOISE_USE_FINDERS = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads live outside any web root and are served only through permission-checked views.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/files/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A request body beyond this is refused before it is read (uploads are at most 20 MB each).
FAZHI_MAX_REQUEST_BYTES = int(os.environ.get("FAZHI_MAX_REQUEST_BYTES", 25 * 1024 * 1024))
# Audio and video evidence of enforcement cases (全过程记录) may be larger than documents; only the
# evidence upload addresses accept a request body of that size (photos and documents stay 20 MB).
FAZHI_EVIDENCE_MAX_BYTES = int(os.environ.get("FAZHI_EVIDENCE_MAX_BYTES", 200 * 1024 * 1024))
FAZHI_LARGE_UPLOAD_PATHS = [
    r"^/office/enforcement/cases/\d+/evidence/new/$",
    r"^/office/enforcement/evidence/\d+/correct/$",
    r"^/api/evidence/$",
    r"^/api/evidence/\d+/correct/$",
]
# Anonymous form posts to the public portal (bookings, lookups, comments) per address and hour.
FAZHI_PUBLIC_POSTS_PER_HOUR = int(os.environ.get("FAZHI_PUBLIC_POSTS_PER_HOUR", 30))
# The bank (its name, or its name and account) where parties pay fines, as the on-the-spot
# decision tells them (行政处罚法第六十七条); empty: "the bank the authority designates".
FAZHI_FINE_PAYMENT_BANK = os.environ.get("FAZHI_FINE_PAYMENT_BANK", "")
# A longer Excel export is written by the task queue and fetched from 我的导出 (core.exports).
FAZHI_EXPORT_BACKGROUND_ROWS = int(os.environ.get("FAZHI_EXPORT_BACKGROUND_ROWS", 20_000))
# A longer Excel import is applied by the task queue, its progress shown on 我的导入
# (core.imports.jobs).
FAZHI_IMPORT_BACKGROUND_ROWS = int(os.environ.get("FAZHI_IMPORT_BACKGROUND_ROWS", 5_000))
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

# --- Background tasks: a database-backed queue, no broker --------------------------------------
# `fazhi db_worker` runs them. When one database's queue is not enough (many hosts, many long
# exports), FAZHI_TASKS_BACKEND=redis puts the queue in Redis (FAZHI_REDIS_URL) through
# django-tasks' RQ backend (`pip install fazhi[redis]`), run by
# `fazhi rqworker --job-class django_tasks_rq.Job default`. The tasks themselves are the same.
TASKS_BACKEND = os.environ.get("FAZHI_TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "redis"}:
    raise ImproperlyConfigured(
        f"FAZHI_TASKS_BACKEND must be database or redis, not {TASKS_BACKEND!r}."
    )
if FAZHI_ENV == "test" and not os.environ.get("FAZHI_TASKS_BACKEND"):
    _tasks_backend = "django_tasks.backends.immediate.ImmediateBackend"
elif TASKS_BACKEND == "redis":
    _tasks_backend = "django_tasks_rq.RQBackend"
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": os.environ.get("FAZHI_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": 3600,
        }
    }
else:
    _tasks_backend = "django_tasks_db.DatabaseBackend"
TASKS = {"default": {"BACKEND": _tasks_backend, "QUEUES": ["default"]}}

# --- Audit ----------------------------------------------------------------------------------------
AUDIT_RETENTION_DAYS = 180

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SITE_TITLE = _("法治政府建设工作平台")
