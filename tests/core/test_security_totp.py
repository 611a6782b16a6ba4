"""The second factor cannot be guessed: after 5 wrong codes in 15 minutes even the right code is refused."""

from __future__ import annotations

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent

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
