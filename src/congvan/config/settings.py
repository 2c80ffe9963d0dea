"""Settings for Công Văn. Everything that differs between installations comes from the environment.

CONGVAN_DATABASE_URL   sqlite:///path/db.sqlite3 (default: in CONGVAN_DATA_DIR) or postgres://user@host:port/name
CONGVAN_DATA_DIR       where the embedded database and stored files live (default ./data)
CONGVAN_SECRET_KEY     required when CONGVAN_DEBUG is off
CONGVAN_DEBUG          1 to turn on Django's debug pages
CONGVAN_ALLOWED_HOSTS  comma-separated
CONGVAN_MAX_UPLOAD_MB  attachment size limit (default 50)
CONGVAN_EMAIL_HOST, _PORT, _USER, _PASSWORD, _TLS, _FROM   SMTP for reminders (console when no host)
CONGVAN_EMAIL_BACKEND, CONGVAN_EMAIL_FILE_PATH               another email backend (e.g. filebased)
CONGVAN_BASE_URL       the address in links sent by email
CONGVAN_READ_SCOPE     unit (default) or organization: who reads ordinary documents (docs/security.md)
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CONGVAN_DATA_DIR", "data")).resolve()

DEBUG = os.environ.get("CONGVAN_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("CONGVAN_SECRET_KEY") or (
    "insecure-development-key-do-not-use-in-production"
    if DEBUG or "CONGVAN_SECRET_KEY" not in os.environ
    else ""
)
ALLOWED_HOSTS = [
    h for h in os.environ.get("CONGVAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "congvan.orgs",
    "congvan.documents",
    "congvan.exchange",
    "congvan.directives",
    "congvan.web",
    "congvan.api",
    "congvan.portal",
    "congvan.signatures",
    "congvan.search",
    "congvan.ops",
    "congvan.records",
    "congvan.drafting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "congvan.config.urls"
WSGI_APPLICATION = "congvan.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "congvan.web.context.membership",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    parsed = urlparse(url)
    if parsed.scheme in ("sqlite", "sqlite3"):
        path = unquote(parsed.path)
        if path.startswith("//"):
            path = path[1:]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or str(DATA_DIR / "congvan.sqlite3"),
            # IMMEDIATE takes the write lock at BEGIN, so two clerks numbering at once queue up
            # instead of failing on lock upgrade (DESIGN §5, decision 2).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": os.environ.get("CONGVAN_TEST_SQLITE") or None},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "congvan",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("CONGVAN_DB_CONN_MAX_AGE", "60")),
            # Parameters bound by the server, and a statement run twice on a connection prepared there: the
            # permission-filtered lists cost PostgreSQL 1-4 ms of planning each time otherwise (issue 10).
            # CONGVAN_DB_PREPARE=0 for a pooler that cannot keep prepared statements (PgBouncer in
            # transaction mode).
            "OPTIONS": (
                {"server_side_binding": True, "prepare_threshold": 2}
                if os.environ.get("CONGVAN_DB_PREPARE", "1") == "1"
                else {}
            ),
        }
    raise ValueError(f"unsupported database URL: {url}")


DATABASES = {
    "default": database_from_url(
        os.environ.get("CONGVAN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'congvan.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
LOGIN_URL = "/app/login/"
LOGIN_REDIRECT_URL = "/app/"
LOGOUT_REDIRECT_URL = "/app/login/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MAX_UPLOAD_BYTES = int(float(os.environ.get("CONGVAN_MAX_UPLOAD_MB", "50")) * 1024 * 1024)
# Django must let the upload reach our own size check, which answers in the user's language.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get("CONGVAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Email (reminders of assignments): SMTP when CONGVAN_EMAIL_HOST is set, else the console; any backend by name.
EMAIL_HOST = os.environ.get("CONGVAN_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "CONGVAN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("CONGVAN_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CONGVAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CONGVAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CONGVAN_EMAIL_TLS", "1") == "1"
EMAIL_FILE_PATH = os.environ.get("CONGVAN_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("CONGVAN_EMAIL_FROM", "congvan@localhost")
CONGVAN_BASE_URL = os.environ.get("CONGVAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Sign-in and HTTP hardening (issue 9; docs/security.md). CONGVAN_PRODUCTION=1 turns on HTTPS-only cookies,
# HSTS and the TLS redirect, and two-factor sign-in; CONGVAN_REQUIRE_2FA=0/1 overrides the latter (off for the
# demo, so its accounts sign in with a password alone). CONGVAN_LOGIN_FAILURE_LIMIT failures lock an account
# for that address for CONGVAN_LOCKOUT_MINUTES.
_HARDENED = os.environ.get("CONGVAN_PRODUCTION", "") == "1"
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE += [
    "congvan.web.twofactor.RequireTwoFactorMiddleware",
    "congvan.web.csp.CSPMiddleware",  # django-csp's, its header built once
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
AUTHENTICATION_BACKENDS = [
    "congvan.web.twofactor.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Who reads ordinary documents inside an organisation (docs/security.md): "unit", the default and the rule of
# issue 9 (clerks and leaders, the owning unit, the people and units in its workflow, shares), or
# "organization", which an administrator may choose (every member but an administrator).
CONGVAN_READ_SCOPE = "organization" if os.environ.get("CONGVAN_READ_SCOPE") == "organization" else "unit"
CONGVAN_REQUIRE_2FA = os.environ.get("CONGVAN_REQUIRE_2FA", "1" if _HARDENED else "0") == "1"
OTP_TOTP_ISSUER = "Công Văn"
AXES_FAILURE_LIMIT = int(os.environ.get("CONGVAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("CONGVAN_LOCKOUT_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = [
    "REMOTE_ADDR"
]  # behind a proxy, the proxy sets REMOTE_ADDR (docs/deploy)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The two inline handlers, allowed by their hashes: the language menu's onchange="this.form.submit()"
        # and the error page's onclick="history.back(); return false;".
        "script-src": [
            "'self'",
            "'unsafe-hashes'",
            "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='",
            "'sha256-MX7jDUlgWOcAgJm6Y1PGyxx5+p+v+PXI4TbefhA64aw='",
        ],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],  # bar widths on the dashboards; attributes cannot run script
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_AGE = int(os.environ.get("CONGVAN_SESSION_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
if _HARDENED:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
    SECURE_SSL_REDIRECT = os.environ.get("CONGVAN_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("CONGVAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if os.environ.get("CONGVAN_BEHIND_PROXY") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONGVAN_LOG_LEVEL", "WARNING")},
}

# WhiteNoise serves static files from the finders when nothing was collected (the embedded demo);
# its note about the missing collected folder is not a problem there.
warnings.filterwarnings("ignore", message="No directory at")


# Production serving (issue 10; docs/deploy.md). ``congvan serve`` runs gunicorn or granian (CONGVAN_WEB_SERVER)
# with several processes, ``congvan worker`` the task workers; everything an installation sets comes from these variables:
#   CONGVAN_PRODUCTION=1          refuse to start without a secret key; JSON logs; collected static files
#   CONGVAN_MEDIA_ROOT            the stored-files folder (a shared mount when there are several web servers)
#   CONGVAN_STATIC_ROOT           where ``collectstatic`` puts static files (served by WhiteNoise)
#   CONGVAN_STORAGE=s3            Django's default storage and the documents' file store (STORAGES["documents"],
#                                 under the prefix blobs/) on S3-compatible object storage (django-storages), with
#     CONGVAN_S3_BUCKET, CONGVAN_S3_ENDPOINT_URL, CONGVAN_S3_REGION, CONGVAN_S3_ACCESS_KEY, CONGVAN_S3_SECRET_KEY
#   CONGVAN_CACHE_URL             redis://host:6379/0 for a cache shared by every process (else per process)
#   CONGVAN_EXCHANGE_KEY_FILE     the installation's exchange signing key (the same file on every web server)
#   CONGVAN_LOG_FORMAT            json or text; CONGVAN_LOG_LEVEL; CONGVAN_REQUEST_LOG=1 logs every request
#   CONGVAN_PORTAL_CACHE_SECONDS  anonymous portal pages cached this long (default 60 in production, else 0)
#   CONGVAN_DB_CONN_MAX_AGE       seconds a database connection is kept (60); CONGVAN_DB_PREPARE=0 turns off
#                                 prepared statements on PostgreSQL (for PgBouncer in transaction mode)
_production = os.environ.get("CONGVAN_PRODUCTION", "") == "1"
if _production and not os.environ.get("CONGVAN_SECRET_KEY"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CONGVAN_PRODUCTION=1 needs CONGVAN_SECRET_KEY")
if _production:
    # Probes reach a server directly over HTTP (the proxy, systemd, monitoring): never redirected to HTTPS.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if os.environ.get("CONGVAN_MEDIA_ROOT"):
    MEDIA_ROOT = Path(os.environ["CONGVAN_MEDIA_ROOT"]).resolve()
if os.environ.get("CONGVAN_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["CONGVAN_STATIC_ROOT"]).resolve()
# In production the static files are collected once (``congvan serve`` does it) and WhiteNoise serves them
# from memory-mapped files with far-future caching, instead of searching the apps at each request.
WHITENOISE_USE_FINDERS = not _production
_storages: dict[str, dict[str, Any]] = STORAGES
_logging: dict[str, Any] = LOGGING
# The documents' content-addressed file store (documents/storage.py) writes through this backend: by default the
# folder MEDIA_ROOT/blobs (files at blobs/ab/cd/<sha256>), on object storage the same names under "blobs/".
_storages["documents"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(Path(MEDIA_ROOT) / "blobs")},
}
if os.environ.get("CONGVAN_STORAGE", "local") == "s3":
    _s3_options: dict[str, Any] = {
        "bucket_name": os.environ.get("CONGVAN_S3_BUCKET", "congvan"),
        "endpoint_url": os.environ.get("CONGVAN_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("CONGVAN_S3_REGION") or None,
        "access_key": os.environ.get("CONGVAN_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("CONGVAN_S3_SECRET_KEY") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    _storages["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
    _storages["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": "blobs"},
    }
CACHES = {
    "default": (
        {
            "BACKEND": "congvan.ops.cache.SharedRedisCache",
            "LOCATION": os.environ["CONGVAN_CACHE_URL"],
        }
        if os.environ.get("CONGVAN_CACHE_URL", "").startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Sessions read from the shared cache, written through to the database: a signed-in page no longer costs a
    # session query (issue 10); a cache flush or a Redis restart only costs the next read from the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
EXCHANGE_KEY_FILE = os.environ.get("CONGVAN_EXCHANGE_KEY_FILE", "")  # empty: <DATA_DIR>/exchange/ed25519.key
if os.environ.get("CONGVAN_LOG_FORMAT", "json" if _production else "text") == "json":
    _logging["formatters"] = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
            "timestamp": True,  # an ISO 8601 UTC "timestamp" beside the local "time"
        }
    }
    _logging["handlers"]["console"]["formatter"] = "json"
PORTAL_CACHE_SECONDS = int(os.environ.get("CONGVAN_PORTAL_CACHE_SECONDS", "60" if _production else "0"))
if PORTAL_CACHE_SECONDS:
    # After the locale middleware (the language is part of the key), before the views.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
        "congvan.ops.middleware.PortalCacheMiddleware",
    )
if _production or os.environ.get("CONGVAN_REQUEST_LOG") == "1":
    MIDDLEWARE.insert(0, "congvan.ops.middleware.RequestLogMiddleware")
    _logging.setdefault("loggers", {}).update(
        {"congvan.request": {"level": "INFO"}, "congvan.worker": {"level": "INFO"}}
    )
