"""Read DANVAN_STORAGE (`s3://bucket/prefix?endpoint_url=…&region=…`) into a Django STORAGES entry.

Empty: the uploads stay on local disk (MEDIA_ROOT). An `s3://` URL selects django-storages' S3 backend (boto3),
which any S3-compatible service answers (AWS, MinIO, Ceph, Viettel/FPT/CMC object storage, moto in tests).
Credentials come from the URL (`s3://KEY:SECRET@bucket/…`) or, better, from AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY. Objects are written without any ACL (the bucket's default, private) and never given a
public URL: danvan serves them through its own permission-checked views; a signed URL, if ever made, expires in
five minutes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from danvan.lib.env import ConfigError

S3_BACKEND = "danvan.core.storage_s3.PrivateS3Storage"
LOCAL_BACKEND = "danvan.core.storage.PrivateStorage"
SIGNED_URL_SECONDS = 300

# Query parameters understood, and the S3Storage option each sets.
_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "region_name": "region_name",
    "addressing_style": "addressing_style",
    "signature_version": "signature_version",
    "verify": "verify",
    "sse": "sse",
}
# S3's rules for a bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric).
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def storage_config(url: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the STORAGES["default"] entry for DANVAN_STORAGE, or raise ConfigError saying what is wrong."""
    url = (url or "").strip()
    if not url:
        return {"BACKEND": LOCAL_BACKEND}
    shown = re.sub(r"//[^@/]*@", "//…@", url)  # never echo a secret key into a log
    hint = "use s3://bucket/prefix?endpoint_url=https://host:port&region=… (or leave it empty for local disk)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError as exc:
        raise ConfigError(f"DANVAN_STORAGE={shown!r} is malformed ({exc}): {hint}.") from None
    if parts.scheme != "s3":
        raise ConfigError(f"DANVAN_STORAGE={shown!r} is not understood: {hint}.")
    bucket = parts.hostname or ""
    if not _BUCKET.match(bucket):
        raise ConfigError(f"DANVAN_STORAGE={shown!r} names no valid bucket ({bucket!r}): {hint}.")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": parts.path.strip("/"),
        "default_acl": None,  # the bucket's default (private); never public-read
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        "file_overwrite": False,  # two uploads of one name keep both, as on disk
        "signature_version": "s3v4",  # signed URLs state their lifetime (X-Amz-Expires), every region accepts it
    }
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in _OPTIONS:
            raise ConfigError(
                f"DANVAN_STORAGE={shown!r}: unknown parameter {key!r} (known: {', '.join(sorted(_OPTIONS))})."
            )
        if not value:
            raise ConfigError(f"DANVAN_STORAGE={shown!r}: parameter {key!r} is empty.")
        options[_OPTIONS[key]] = value
    endpoint = options.get("endpoint_url")
    if endpoint is not None:
        ep = urlsplit(endpoint)
        if ep.scheme not in ("http", "https") or not ep.hostname:
            raise ConfigError(f"DANVAN_STORAGE={shown!r}: endpoint_url {endpoint!r} is not an http(s) URL.")
    if "verify" in options:
        if options["verify"] not in ("0", "1", "false", "true"):
            raise ConfigError(f"DANVAN_STORAGE={shown!r}: verify must be true or false.")
        options["verify"] = options["verify"] in ("1", "true")
    if "addressing_style" in options and options["addressing_style"] not in ("path", "virtual", "auto"):
        raise ConfigError(f"DANVAN_STORAGE={shown!r}: addressing_style must be path, virtual or auto.")
    sse = options.pop("sse", None)
    if sse is not None:
        if sse not in ("AES256", "aws:kms"):
            raise ConfigError(f"DANVAN_STORAGE={shown!r}: sse must be AES256 or aws:kms.")
        options["object_parameters"] = {"ServerSideEncryption": sse}
    key = unquote(parts.username or "") or environ.get("AWS_ACCESS_KEY_ID", "")
    secret = unquote(parts.password or "") or environ.get("AWS_SECRET_ACCESS_KEY", "")
    if bool(key) != bool(secret):
        raise ConfigError(
            "DANVAN_STORAGE: an access key without its secret (or the reverse); set both "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        )
    if key:
        options["access_key"] = key
        options["secret_key"] = secret
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def is_s3(config: Mapping[str, Any]) -> bool:
    """Return whether a STORAGES entry is the S3 backend."""
    return config.get("BACKEND") == S3_BACKEND
