"""danvan.lib.fieldcrypt: Fernet at rest, several keys, loud failure without keys in production."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from danvan.lib import fieldcrypt


def test_values_round_trip_and_are_randomised():
    a, b = fieldcrypt.encrypt("Nguyễn Thị Hoa"), fieldcrypt.encrypt("Nguyễn Thị Hoa")
    assert a != b and a.startswith(fieldcrypt.PREFIX) and "Hoa" not in a
    assert fieldcrypt.decrypt(a) == fieldcrypt.decrypt(b) == "Nguyễn Thị Hoa"
    assert fieldcrypt.encrypt("") == "" and fieldcrypt.decrypt("") == ""


def test_an_older_key_still_decrypts_and_the_newest_encrypts():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(DANVAN_FIELD_KEYS=[old]):
        stored = fieldcrypt.encrypt("0912345678")
        assert fieldcrypt.is_encrypted_with_newest(stored)
    with override_settings(DANVAN_FIELD_KEYS=[new, old]):
        assert fieldcrypt.decrypt(stored) == "0912345678"
        assert not fieldcrypt.is_encrypted_with_newest(stored)
        assert fieldcrypt.is_encrypted_with_newest(fieldcrypt.encrypt("x"))
    with override_settings(DANVAN_FIELD_KEYS=[new]), pytest.raises(fieldcrypt.DecryptionError):
        fieldcrypt.decrypt(stored)


def test_a_legacy_plaintext_is_readable_and_flagged_for_rotation():
    assert fieldcrypt.decrypt("plain") == "plain"
    assert not fieldcrypt.is_encrypted_with_newest("plain")


def test_production_without_keys_fails_loudly_and_debug_derives_one():
    with (
        override_settings(DANVAN_FIELD_KEYS=[], DEBUG=False),
        pytest.raises(ImproperlyConfigured, match="DANVAN_FIELD_KEYS"),
    ):
        fieldcrypt.encrypt("x")
    with override_settings(DANVAN_FIELD_KEYS=[], DEBUG=True):
        assert fieldcrypt.decrypt(fieldcrypt.encrypt("x")) == "x"
    with override_settings(DANVAN_FIELD_KEYS=["not-a-key"]), pytest.raises(ImproperlyConfigured):
        fieldcrypt.encrypt("x")


def test_keyed_hashes_do_not_depend_on_the_fernet_keys():
    h = fieldcrypt.keyed_hash("name", "nguyen thi hoa")
    with override_settings(DANVAN_FIELD_KEYS=[Fernet.generate_key().decode()]):
        assert fieldcrypt.keyed_hash("name", "nguyen thi hoa") == h
    assert fieldcrypt.keyed_hash("phone", "nguyen thi hoa") != h
    assert fieldcrypt.keyed_hash("name", "") == ""
