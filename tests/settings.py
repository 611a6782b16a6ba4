"""Settings for the test suite: the real settings, with a fixed key, fast hashing and tasks run inline."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DANVAN_DATA_DIR", tempfile.mkdtemp(prefix="danvan-tests-"))
# A fixed Fernet key for tests only (protected identities are encrypted with it).
os.environ.setdefault("DANVAN_FIELD_KEYS", "q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE=")

from danvan.lib.storage_url import is_s3  # noqa: E402
from danvan.settings import *  # noqa: E402,F403


def _s3_per_worker(config: dict) -> dict:
    if not is_s3(config):
        return config
    options = dict(config["OPTIONS"])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    options["location"] = "/".join(p for p in (options.get("location", ""), f"{worker}-{os.getpid()}") if p)
    return {**config, "OPTIONS": options}


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "danvan-local"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DANVAN_PREBUILD_PUBLIC_PDF = False  # most tests publish plans nobody downloads (0.7 s each)

# DANVAN_STORAGE (CI's PostgreSQL run: a local S3 server) puts the uploads in a bucket, one prefix per xdist
# worker so that one worker's orphan sweep never sees another's files.
STORAGES = {
    "default": _s3_per_worker(DANVAN_STORAGE_CONFIG),  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Every test Client builds the middleware chain again; without autorefresh WhiteNoise walks and stats every static
# file each time (30 ms, some 7 % of the suite's CPU). With it, a static file is looked up when it is asked for.
WHITENOISE_AUTOREFRESH = True
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DANVAN_SMS_BACKEND = "danvan.notify.backends.LocmemTextBackend"
DANVAN_ZALO_BACKEND = "danvan.notify.backends.LocmemTextBackend"
MEDIA_ROOT = os.path.join(os.environ["DANVAN_DATA_DIR"], "uploads")
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405  (WhiteNoise warns about a missing directory)
