"""Encrypt protected personal data at rest, and look it up by keyed hash without decrypting.

`EncryptedTextField` keeps a Fernet token in a text column and gives back the plaintext on read.
Keys come from `settings.DANVAN_FIELD_KEYS` (comma-separated Fernet keys, newest first): the newest
encrypts, all of them decrypt (MultiFernet), so a new key can be put in front and the
`rotate_field_keys` command then re-encrypts every row with it.

Equality lookups on an encrypted column cannot work (each encryption is randomised); store a
`keyed_hash()` of the normalised value next to it instead. The hash key is independent of the
Fernet keys (setting `DANVAN_HMAC_KEY`, else derived from SECRET_KEY) so rotating Fernet keys
does not break lookups.

Only in DEBUG, without any configured key, a key is derived from SECRET_KEY so the demo runs;
production refuses to start encrypting without `DANVAN_FIELD_KEYS`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)

PREFIX = "fernet:"  # marks ciphertext, so a plaintext left by a bug is recognised (and re-encrypted by rotation)


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


def _configured_keys() -> tuple[str, ...]:
    keys = tuple(k.strip() for k in getattr(settings, "DANVAN_FIELD_KEYS", []) or [] if k and k.strip())
    if keys:
        return keys
    if settings.DEBUG:
        derived = base64.urlsafe_b64encode(
            hashlib.sha256(b"danvan.fieldcrypt:" + settings.SECRET_KEY.encode()).digest()
        )
        return (derived.decode(),)
    raise ImproperlyConfigured(
        'DANVAN_FIELD_KEYS is not set: generate a key with `python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"` and set DANVAN_FIELD_KEYS to it (newest key first, comma-separated).'
    )


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"DANVAN_FIELD_KEYS holds an invalid Fernet key: {exc}") from None


def fernet() -> MultiFernet:
    """Return the MultiFernet for the configured keys (newest first)."""
    return _multifernet(_configured_keys())


def encrypt(value: str) -> str:
    """Return the stored form of a plaintext ("" stays "")."""
    if value is None or value == "":
        return value
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """Return the plaintext of a stored value."""
    if stored is None or stored == "":
        return stored
    if not stored.startswith(PREFIX):
        # A legacy or hand-inserted plaintext: readable, and `rotate_field_keys` will encrypt it.
        return stored
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise DecryptionError("A protected value cannot be decrypted with the configured DANVAN_FIELD_KEYS.") from None


def is_encrypted_with_newest(stored: str) -> bool:
    """Return whether a stored value is already encrypted with the newest key."""
    if not stored:
        return True
    if not stored.startswith(PREFIX):
        return False
    try:
        Fernet(_configured_keys()[0].encode()).decrypt(stored[len(PREFIX) :].encode("ascii"))
        return True
    except InvalidToken:
        return False


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token and read back as plaintext; no lookups but isnull/exact ""."""

    description = "Encrypted text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, str) and value.startswith(PREFIX):
            return value
        return encrypt(str(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return value


class EncryptedCharField(EncryptedTextField):
    """An encrypted one-line text: a text column (the token is longer than the text), a one-line form field."""

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": forms.CharField,
            "max_length": self.max_length,
            "widget": forms.TextInput,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


# ---------------------------------------------------------------- keyed hashes for lookups


def _hmac_key() -> bytes:
    return _derived_hmac_key(getattr(settings, "DANVAN_HMAC_KEY", ""), settings.SECRET_KEY)


@lru_cache(maxsize=8)
def _derived_hmac_key(explicit: str, secret_key: str) -> bytes:
    """Return the HMAC key (derived once per setting values: every search token of every intake needs it)."""
    if explicit:
        return explicit.encode()
    return hashlib.sha256(b"danvan.fieldcrypt.hmac:" + secret_key.encode()).digest()


@lru_cache(maxsize=32)
def _keyed(key: bytes, purpose: str) -> hmac.HMAC:
    """Return an HMAC already fed the key and the purpose; `.copy()` it per value (no key schedule per hash)."""
    return hmac.new(key, f"{purpose}:".encode(), hashlib.sha256)


def keyed_hash(purpose: str, value: str) -> str:
    """Return a hex HMAC-SHA256 of an already normalised value ("" for an empty value)."""
    if not value:
        return ""
    mac = _keyed(_hmac_key(), purpose).copy()
    mac.update(value.encode())
    return mac.hexdigest()


# ---------------------------------------------------------------- keyed fingerprints for word search

SEARCH_TOKEN_CHARS = 12  # 48 bits of the HMAC: a false match needs 2^48 tries per stored token


def search_token(word: str) -> str:
    """Return the keyed fingerprint of one folded word (or the start of one)."""
    return keyed_hash("search", word)[:SEARCH_TOKEN_CHARS]


def search_tokens(folded: str) -> str:
    """Return the stored search index of a folded text: the fingerprints of every start of every word, sorted.

    A staff search for "hoa" finds "hoà" and "hoang" but not "thoai" (a word's start, as before); the column
    holds neither the words nor their order, only keyed hashes that cannot be reversed without the HMAC key.
    """
    prefixes = {word[:end] for word in folded.split() for end in range(1, len(word) + 1)}
    if not prefixes:
        return ""
    base = _keyed(_hmac_key(), "search")
    tokens = []
    for prefix in prefixes:
        mac = base.copy()
        mac.update(prefix.encode())
        tokens.append(mac.hexdigest()[:SEARCH_TOKEN_CHARS])
    return " " + " ".join(sorted(tokens)) + " "


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """Return the names of a model's encrypted fields."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
