"""Django settings for danvan, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from danvan.lib.env import (
    ConfigError,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    secret_key,
)
from danvan.lib.net import BadNetwork, parse_networks
from danvan.lib.storage_url import storage_config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("DANVAN_DATA_DIR", Path.cwd() / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR, debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "danvan.core.admin_site.DanvanAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs' JavaScript locally (offline schools), not from a CDN
    "axes",
    "django_tasks",
    "django_tasks_db",
    "danvan.core",
    "danvan.org",
    "danvan.workdays",
    "danvan.plans",
    "danvan.petitions",
    "danvan.board",
    "danvan.emulation",
    "danvan.dissemination",
    "danvan.reports",
    "danvan.notify",
    "danvan.api",
    "danvan.privacy",
    "danvan.open311",
    "danvan.nationaldb",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "danvan.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.LanguageMiddleware",
    "danvan.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "danvan.core.middleware.RequestContextMiddleware",
    "danvan.core.middleware.UploadCleanupMiddleware",
    "danvan.core.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_config(env_str("DATABASE_URL"), default_sqlite=DATA_DIR / "danvan.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes), for 15 minutes: after AXES_FAILURE_LIMIT failures on one
# account, counted over every address (a guesser spreading attempts over many addresses is stopped as well as
# one at a single address). The account's owner is told once per lockout (core.lockout); an administrator lifts
# it early in the admin ("Access attempts": delete the rows) or with `danvan manage axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
# The (name, address) pair is implied by the name alone; it is listed so that axes' own check (axes.W006) sees
# addresses counted. Not the address alone: a school's staff share one address, and five typos among them
# would lock everyone out.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "danvan.core.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "danvan.core.middleware.client_ip"  # the trusted-proxy rule below

# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR blocks, e.g.
# "127.0.0.1,10.0.0.0/8"). Empty: the peer address is the client, and the header is ignored.
try:
    DANVAN_TRUSTED_PROXIES = parse_networks(env_list("DANVAN_TRUSTED_PROXIES", []))
except BadNetwork as exc:
    raise ConfigError(f"DANVAN_TRUSTED_PROXIES: {exc} is not an address or a CIDR block (e.g. 10.0.0.0/8).") from None

# Rate limits, as (window seconds, most events in any such window) pairs, sliding (core.ratelimit).
DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 5), (86400, 20))  # public petitions per address
DANVAN_PETITION_LOOKUP_LIMITS = ((600, 30), (86400, 200))  # tracking look-ups, receipts, confirmations per address
# Open311 (danvan.open311): petitions one partner key may send, and reads per address on the public endpoints.
DANVAN_OPEN311_SUBMIT_LIMITS = ((3600, 60), (86400, 500))
DANVAN_OPEN311_READ_LIMITS = ((60, 120), (3600, 2000))
DANVAN_PASSWORD_RESET_LIMITS = ((3600, 5), (86400, 20))  # reset requests per address
DANVAN_PASSWORD_RESET_ACCOUNT_LIMITS = ((3600, 2), (86400, 5))  # reset e-mails per account (whatever the address)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["danvan.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "uploads")
# Uploads and generated documents: local disk under MEDIA_ROOT, or S3-compatible object storage when
# DANVAN_STORAGE=s3://bucket/prefix?endpoint_url=…&region=… (docs/storage.md).
DANVAN_STORAGE_CONFIG = storage_config(env_str("DANVAN_STORAGE"), os.environ)
STORAGES = {
    # Uploads are owner-only (0600 files, 0700 folders, private objects) and never left behind by a rolled-back
    # save (core.storage).
    "default": DANVAN_STORAGE_CONFIG,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # the demo serves from finders; WhiteNoise wants the directory
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The plan import preview posts every task (5 inputs), cited document (6) and deadline (5) the user may correct:
# up to 300 tasks, 200 documents and 60 deadlines (plans.forms), above Django's default of 1000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
DANVAN_MAX_UPLOAD_BYTES = env_int("DANVAN_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

# Keys (Fernet, comma-separated, newest first) that encrypt protected personal data at rest.
DANVAN_FIELD_KEYS = env_list("DANVAN_FIELD_KEYS", [])
# Key of the keyed hashes (identity matching, search fingerprints); empty: derived from SECRET_KEY.
DANVAN_HMAC_KEY = env_str("DANVAN_HMAC_KEY")

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "outbox"))  # the file backend (`danvan demo`) writes here
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds an SMTP exchange may take: e-mails are sent right after the commit of the request that queued them, so a
# hung mail server must not hang the page (the outbox keeps the message and the worker retries it).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "danvan <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS and Zalo OA gateways (docs/notifications.md): a dotted path to a backend class, "" = the channel is off and
# not offered to citizens. Sends are queued in notify.OutboundText and retried by the worker.
DANVAN_SMS_BACKEND = env_str("DANVAN_SMS_BACKEND", env_str("DANVAN_TEXT_BACKEND"))
DANVAN_ESMS_URL = env_str(
    "DANVAN_ESMS_URL", "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
)
DANVAN_ESMS_API_KEY = env_str("DANVAN_ESMS_API_KEY")
DANVAN_ESMS_SECRET_KEY = env_str("DANVAN_ESMS_SECRET_KEY")
DANVAN_ESMS_BRANDNAME = env_str("DANVAN_ESMS_BRANDNAME")
DANVAN_ESMS_SANDBOX = env_bool("DANVAN_ESMS_SANDBOX", False)
DANVAN_ESMS_UNICODE = env_bool("DANVAN_ESMS_UNICODE", False)  # off: texts go without diacritics (cheaper)
DANVAN_ZALO_APP_ID = env_str("DANVAN_ZALO_APP_ID")
DANVAN_ZALO_BACKEND = env_str("DANVAN_ZALO_BACKEND", "danvan.notify.zalo.ZaloOABackend" if DANVAN_ZALO_APP_ID else "")
DANVAN_ZALO_APP_SECRET = env_str("DANVAN_ZALO_APP_SECRET")
DANVAN_ZALO_OA_SECRET = env_str("DANVAN_ZALO_OA_SECRET")
DANVAN_ZALO_REFRESH_TOKEN = env_str("DANVAN_ZALO_REFRESH_TOKEN")
DANVAN_ZALO_ORGANISATION = env_str("DANVAN_ZALO_ORGANISATION")
DANVAN_ZALO_API_URL = env_str("DANVAN_ZALO_API_URL", "https://openapi.zalo.me")
DANVAN_ZALO_OAUTH_URL = env_str("DANVAN_ZALO_OAUTH_URL", "https://oauth.zaloapp.com")
DANVAN_TEXT_TIMEOUT_SECONDS = env_int("DANVAN_TEXT_TIMEOUT_SECONDS", 10)
DANVAN_TEXT_MAX_ATTEMPTS = env_int("DANVAN_TEXT_MAX_ATTEMPTS", 8)

# The cache holds anti-spam counters and the calendar version, so it must be shared by every process:
# "file" (default: one host, all its workers), "db" (several hosts on one database; `danvan manage createcachetable`),
# or "locmem" (one process only).
_CACHE_KIND = env_str("DANVAN_CACHE", "file")
if _CACHE_KIND == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "danvan_cache"}}
elif _CACHE_KIND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _CACHE_KIND == "file":
    CACHES = {
        "default": {
            "BACKEND": "danvan.core.cache.FileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
else:
    raise ConfigError(f"DANVAN_CACHE={_CACHE_KIND!r} is not one of file, db, locmem.")
# Per-process memory for read-mostly values that may be a minute stale (a school by its public code, static
# page fragments): no file or network round trip on the public pages.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "danvan-local",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Recurring jobs enqueued by `danvan worker`: name -> (task, interval in seconds).
DANVAN_PERIODIC_TASKS = {
    "petitions.deadline_reminders": ("danvan.petitions.tasks.send_deadline_reminders", 3600),
    "notify.pending_emails": ("danvan.notify.tasks.send_pending_emails", 300),
    "notify.pending_texts": ("danvan.notify.tasks.send_pending_texts", 60),
    "reports.refresh_overdue": ("danvan.reports.tasks.refresh_overdue_obligations", 6 * 3600),
    "privacy.retention": ("danvan.privacy.tasks.apply_retention", 24 * 3600),
    "core.purge_rate_limits": ("danvan.core.tasks.purge_rate_limits", 3600),
    "core.sweep_uploads": ("danvan.core.tasks.sweep_orphan_uploads", 24 * 3600),
    "petitions.purge_scan_readings": ("danvan.petitions.ocr.purge_unused_scan_readings", 24 * 3600),
}

# How often `danvan worker` looks for due periodic jobs, and how long a claimed e-mail stays reserved to the
# sender that claimed it before another sends it (notify.services.send_queued_emails).
DANVAN_PERIODIC_TICK_SECONDS = env_int("DANVAN_PERIODIC_TICK_SECONDS", 60)
DANVAN_EMAIL_LEASE_SECONDS = env_int("DANVAN_EMAIL_LEASE_SECONDS", 300)

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Build a published plan's public PDF in the background as soon as it is published (plans.publication); off, the
# first download enqueues it. The test suite turns it off: most tests publish plans nobody downloads.
DANVAN_PREBUILD_PUBLIC_PDF = env_bool("DANVAN_PREBUILD_PUBLIC_PDF", True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Preloading binds the whole domain (often a shared *.edu.vn) to HTTPS for years: opt-in, so not a warning.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Old tracking links carry their secret in the path: no log line may keep it (core.logredact).
    "filters": {"redact_secrets": {"()": "danvan.core.logredact.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Django's own handlers (its DEBUG console, runserver's request lines, mail to ADMINS) would print request
    # paths unfiltered: its loggers write through the filtered console instead.
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": "INFO" if DEBUG else env_str("LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
