"""The second factor cannot be guessed: after 5 wrong codes in 15 minutes even the right code is refused."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pyotp
import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent, User
from danvan.lib.fieldcrypt import PREFIX

pytestmark = pytest.mark.django_db


def _signed_in_without_code(user, password):
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = True
    user.save(update_fields=["totp_secret", "totp_enabled"])
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": password})
    return client


def _wrong(secret):
    totp, now = pyotp.TOTP(secret), timezone.now().timestamp()
    right = {totp.at(now + 30 * k) for k in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000000)) if c not in right)


def test_it_locks_the_code_after_five_wrong_guesses_and_records_them(principal, personas):
    client = _signed_in_without_code(principal, personas.password)
    wrong = _wrong(principal.totp_secret)
    for _ in range(5):
        assert client.post(reverse("two_factor_verify"), {"code": wrong}).status_code == 400
    response = client.post(reverse("two_factor_verify"), {"code": pyotp.TOTP(principal.totp_secret).now()})
    assert response.status_code == 429
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 302  # still not through
    assert AuditEvent.objects.filter(code="core.user.totp_failed").count() == 5


def test_a_new_session_does_not_reset_the_count(principal, personas):
    client = _signed_in_without_code(principal, personas.password)
    wrong = _wrong(principal.totp_secret)
    for _ in range(5):
        client.post(reverse("two_factor_verify"), {"code": wrong})
    again = Client()
    again.post(reverse("login"), {"username": principal.username, "password": personas.password})
    again.post(reverse("two_factor_verify"), {"code": pyotp.TOTP(principal.totp_secret).now()})
    assert again.get(reverse("core:dashboard")).status_code == 302


def test_the_right_code_works_again_after_fifteen_minutes(principal, personas):
    client = _signed_in_without_code(principal, personas.password)
    wrong = _wrong(principal.totp_secret)
    for _ in range(5):
        client.post(reverse("two_factor_verify"), {"code": wrong})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        client.post(reverse("two_factor_verify"), {"code": pyotp.TOTP(principal.totp_secret).now()})
        assert client.get(reverse("core:dashboard")).status_code == 200


def _stored(user) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT totp_secret FROM {User._meta.db_table} WHERE id = %s", [user.pk])
        return cur.fetchone()[0]


def test_the_secret_is_stored_encrypted_and_still_verifies_codes(principal, personas):
    client = _signed_in_without_code(principal, personas.password)
    secret = User.objects.get(pk=principal.pk).totp_secret
    assert _stored(principal).startswith(PREFIX) and secret not in _stored(principal)  # a copied database gives none
    response = client.post(reverse("two_factor_verify"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and client.get(reverse("core:dashboard")).status_code == 200


def test_the_migration_encrypts_secrets_stored_in_clear_and_can_undo_it(principal):
    migration = importlib.import_module("danvan.core.migrations.0006_encrypt_totp_secret")
    secret = pyotp.random_base32()
    with connection.cursor() as cur:  # as an install before the migration left it
        cur.execute(f"UPDATE {User._meta.db_table} SET totp_secret = %s WHERE id = %s", [secret, principal.pk])
    editor = SimpleNamespace(connection=connection)  # what RunPython's functions use of the schema editor
    migration.encrypt_secrets(django_apps, editor)
    assert _stored(principal).startswith(PREFIX)
    assert User.objects.get(pk=principal.pk).totp_secret == secret
    migration.encrypt_secrets(django_apps, editor)  # running again changes nothing already encrypted
    assert User.objects.get(pk=principal.pk).totp_secret == secret
    migration.decrypt_secrets(django_apps, editor)
    assert _stored(principal) == secret
