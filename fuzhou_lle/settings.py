"""Settings for the Fuzhou lifelong-education portal, read from the environment.

Everything has a development default (SQLite, tasks run inline, mail to the console) except what must
never have one in production: with DJANGO_DEBUG off, DJANGO_SECRET_KEY is required, and `check --deploy`
names every other production setting that is missing (fuzhou_lle/ops/checks.py).

An optional `.env` file (or the file DJANGO_ENV_FILE names) is read first; variables already in the
environment win over it.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(os.environ.get("DJANGO_ENV_FILE") or BASE_DIR / ".env", override=False)


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The absolute address used in emails, where there is no request to build it from.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # First: its createsuperuser (audited) replaces django.contrib.auth's.
    "fuzhou_lle.accounts.cli.apps.AccountCommandsConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "fuzhou_lle",
    "fuzhou_lle.ops",
    "fuzhou_lle.exports",
    "tasks",
    "brands",
    "awards",
    "courses",
]
# The apps built on the committee core, in the order their panels and demo data come.
PORTAL_APPS = ("tasks", "brands", "awards", "courses")

MIDDLEWARE = [
    # First, so the request id and the one log line cover everything below, redirects and errors included.
    "fuzhou_lle.ops.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fuzhou_lle.web.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "fuzhou_lle.web.public_cache.PublicPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # After messages (the timeout leaves one) and OTP (the second factor reads is_verified()).
    "fuzhou_lle.accounts.middleware.SessionTimeoutMiddleware",
    "fuzhou_lle.accounts.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "fuzhou_lle.urls"
WSGI_APPLICATION = "fuzhou_lle.wsgi.application"

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
                "fuzhou_lle.web.context_processors.portal",
            ],
            # Template tags that live with their subsystem rather than in an app's templatetags/.
            "libraries": {"reminder_tags": "fuzhou_lle.reminders.templatetags"},
        },
    },
]

# SQLite by default; DATABASE_URL=postgres://… in production. Persistent connections matter: opening
# one per request costs most of a simple page's time on PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The role the application connects as, when DATABASE_URL above names the owner (while migrating): each
# `migrate` grants it what the application needs, and the audit trail only to read and add to
# (fuzhou_lle/ops/database_roles.py). Empty: no grants (one role, as in development and tests).
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE")

# With Redis, the cache lives there, shared by every web server; without it (one process, development), in
# memory. Redis is a helper, never a condition of a page: every call is bounded by these timeouts (Redis
# answers in a millisecond; a quarter second is a hung or unreachable server) and then answered as an empty
# cache would (fuzhou_lle/web/cache.py), and a process that saw it fail leaves it alone for a few seconds.
REDIS_URL = env("REDIS_URL")
REDIS_TIMEOUT = float(env("REDIS_TIMEOUT", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "fuzhou_lle.web.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
    # Sessions live in the database; Redis keeps a short-lived copy that saves a query per request
    # (fuzhou_lle/accounts/sessions.py), so a Redis outage or restart logs nobody out and revives no session.
    SESSION_ENGINE = "fuzhou_lle.accounts.sessions"
else:
    # Each process's memory is its own: sessions are read from the database alone.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "fuzhou_lle.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fuzhou_lle.accounts.backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fuzhou_lle.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Five different characters, not counting spaces; also records every new password in the audit trail.
    {"NAME": "fuzhou_lle.accounts.passwords.VarietyValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "home"

# Five wrong passwords for one account from one address lock that account there for an hour; twenty from
# one address, whatever the accounts, lock the address (a client trying a few passwords on every account).
# Twenty leaves room for an office behind one address where several people mistype. The handler counts both
# (fuzhou_lle/accounts/throttle.py); a successful login forgives only its own account's failures.
AXES_HANDLER = "fuzhou_lle.accounts.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The lockout counts by the same address as the rate limits and the audit trail.
AXES_CLIENT_IP_CALLABLE = "fuzhou_lle.web.clients.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["fuzhou_lle.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Evidence files and nominees' documents: never served by the web server, only through views that
# check permission.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
# Public media ("default") and private files ("private") on local or shared folders (FILE_STORAGE=filesystem,
# the folders above, e.g. an NFS mount every web server and worker sees), or in an S3-compatible object
# store (FILE_STORAGE=s3) under two prefixes of one bucket, private ones never given a public address.
FILE_STORAGE = env("FILE_STORAGE", "filesystem")
if FILE_STORAGE == "s3":
    _S3 = {
        "bucket_name": env("S3_BUCKET"),
        "endpoint_url": env("S3_ENDPOINT_URL") or None,
        "region_name": env("S3_REGION") or None,
        "access_key": env("S3_ACCESS_KEY_ID"),
        "secret_key": env("S3_SECRET_ACCESS_KEY"),
        "file_overwrite": False,
    }
    _PUBLIC_MEDIA = {
        "location": "media",
        "querystring_auth": False,
        "custom_domain": env("S3_CUSTOM_DOMAIN") or None,
    }
    _PRIVATE_MEDIA = {"location": "private", "default_acl": "private", "querystring_auth": True}
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_S3, **_PUBLIC_MEDIA}},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_S3, **_PRIVATE_MEDIA}},
    }
elif FILE_STORAGE == "filesystem":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        },
    }
else:
    raise ImproperlyConfigured("FILE_STORAGE must be 'filesystem' or 's3'.")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Set (e.g. /_private/) when nginx serves the private folder at that internal location: views check
# permission and answer with X-Accel-Redirect, and nginx sends the bytes (fuzhou_lle/evidence.py).
PRIVATE_FILES_ACCEL_PREFIX = env("PRIVATE_FILES_ACCEL_PREFIX")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The work-plan import preview posts six fields per item; a breakdown table may have several hundred items.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 6000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Served over HTTPS unless debugging; tests and `make run` talk plain http on loopback.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies (nginx) whose X-Forwarded-For is believed, by address or network: requests from them
# are taken to come from the address they say (fuzhou_lle/web/clients.py); any other's header is ignored.
# Behind a proxy on this host the default is loopback; name the proxies' addresses where they run elsewhere.
TRUSTED_PROXIES = env_list(
    "DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1" if env_bool("DJANGO_BEHIND_PROXY") else ""
)
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES: {_proxy!r} is not an address or network."
        ) from _error
# Load balancers and monitors ask over plain http on the local port.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after sign-in whatever
# the activity (fuzhou_lle/accounts/middleware.py); the cookie lives no longer than the latter.
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(env("SESSION_MAX_HOURS", "8"))
SESSION_COOKIE_AGE = 60 * 60 * SESSION_MAX_HOURS

# Second factor (TOTP through django-otp): required for committee and reviewer accounts, optional for others.
# The issuer names the portal in the authenticator app; ASCII, since some apps garble other characters.
OTP_TOTP_ISSUER = "Fuzhou LLE"

# Every script and style is vendored under /static/: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "福州市终身教育促进委员会 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Portal admin", addr) for addr in env_list("DJANGO_ADMINS")]

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run inline in the calling process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that does not answer must fail an enqueue at once, never hold a web request: the same short
# timeouts as the cache, and task_enqueue() asks the cache's breaker first (fuzhou_lle/celery.py).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    # One quick second try when connecting, not the default pause of 2 s and more.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through LOGGING below (one line per job, JSON when asked), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
REMINDER_HOUR = int(env("REMINDER_HOUR", "8"))
# A reminder whose due date is further past than this is stale: the sweep no longer records or sends it
# (weekly overdue reminders stop after about four; the supervision pages still show the item in red).
REMINDER_STALE_DAYS = int(env("REMINDER_STALE_DAYS", "28"))
# Only one `celery beat` may run: it is the clock that enqueues the daily sweep.
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "fuzhou_lle.reminders.tasks.reminders_sweep_task",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
    },
    "backup-nightly": {
        "task": "fuzhou_lle.ops.tasks.backup_nightly_task",
        "schedule": crontab(hour=int(env("BACKUP_HOUR", "2")), minute=30),
    },
    "heartbeat": {"task": "fuzhou_lle.ops.tasks.heartbeat_task", "schedule": 600.0},
    "exports-tidy": {"task": "fuzhou_lle.exports.tasks.exports_tidy_task", "schedule": 600.0},
}
# Spreadsheets of more rows than this are written by a worker, with a progress page and a download link.
EXPORT_INLINE_ROWS = int(env("EXPORT_INLINE_ROWS", "2000"))
# Finished exports are deleted, files and all, after this many days.
EXPORT_KEEP_DAYS = int(env("EXPORT_KEEP_DAYS", "7"))

# Operations (fuzhou_lle/ops/): backups, the jobs' heartbeats, the system page.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP = int(env("BACKUP_KEEP", "14"))
# The job whose absence for this long is an error in the log and on the system page.
SWEEP_STALE_HOURS = 26

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "福州市社区教育课表指南 API",
    "DESCRIPTION": "只读接口：全市社区教育课程、开课安排与教学点。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# One line per request and per job (fuzhou_lle/ops/logs.py), each with its request id; JSON with
# LOG_FORMAT=json, for a log collector. Errors are emailed to DJANGO_ADMINS, at most
# ADMIN_EMAILS_PER_ERROR an hour for each distinct error.
LOG_FORMAT = env("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {
        "request_id": {"()": "fuzhou_lle.ops.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "fuzhou_lle.ops.logs.RateLimitedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "limit": int(env("ADMIN_EMAILS_PER_ERROR", "3")),
            "period": 3600,
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        # The request line below replaces Django's own 4xx warnings; 5xx errors are still logged there.
        "django.request": {"level": "ERROR"},
    },
}

SITE_TITLE = _("福州市终身教育促进委员会")
