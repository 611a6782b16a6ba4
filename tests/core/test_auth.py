from __future__ import annotations

import pyotp
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_vietnamese():
    body = Client().get(reverse("login")).content.decode()
    assert "Đăng nhập" in body
    assert 'lang="vi"' in body


def test_anonymous_visitors_are_sent_to_the_login_page():
    response = Client().get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_principal_signs_in_and_the_login_is_audited(principal, personas):
    client = Client()
    response = client.post(reverse("login"), {"username": "hieutruong", "password": personas.password})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEvent.objects.filter(code="core.user.login", actor=principal).exists()


def test_repeated_failed_logins_lock_the_account_out(principal, personas):
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "hieutruong", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "hieutruong", "password": personas.password})
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()


def test_logout_requires_post(principal_client):
    assert principal_client.get(reverse("logout")).status_code == 405
    assert principal_client.post(reverse("logout")).status_code == 302


def test_a_user_changes_their_password(principal, personas):
    client = client_for(principal)
    response = client.post(
        reverse("password_change"),
        {"old_password": personas.password, "new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"},
    )
    assert response.status_code == 302
    principal.refresh_from_db()
    assert principal.check_password("Mật-khẩu-mới-2026")
    assert AuditEvent.objects.filter(code="core.user.password_changed", actor=principal).exists()


def test_password_reset_sends_a_link_by_email(principal):
    response = Client().post(reverse("password_reset"), {"email": principal.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/tai-khoan/dat-lai/" in mail.outbox[0].body


def test_totp_once_enabled_is_required_after_sign_in(principal, personas):
    client = client_for(principal)
    client.get(reverse("two_factor_setup"))
    principal.refresh_from_db()
    code = pyotp.TOTP(principal.totp_secret).now()
    assert client.post(reverse("two_factor_setup"), {"action": "enable", "code": code}).status_code == 302
    principal.refresh_from_db()
    assert principal.totp_enabled

    fresh = Client()
    fresh.post(reverse("login"), {"username": "hieutruong", "password": personas.password})
    response = fresh.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("two_factor_verify") in response["Location"]
    assert fresh.post(reverse("two_factor_verify"), {"code": "000000"}).status_code == 400
    fresh.post(reverse("two_factor_verify"), {"code": pyotp.TOTP(principal.totp_secret).now()})
    assert fresh.get(reverse("core:dashboard")).status_code == 200


def test_public_pages_stay_open_to_a_user_who_has_not_entered_the_code(principal, personas, school):
    principal.totp_secret = pyotp.random_base32()
    principal.totp_enabled = True
    principal.save(update_fields=["totp_secret", "totp_enabled"])
    client = Client()
    client.post(reverse("login"), {"username": "hieutruong", "password": personas.password})
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert client.get(f"/ke-hoach/cong-khai/{school.code}/").status_code == 200


def test_an_api_call_before_the_second_factor_gets_json_401(principal, personas):
    principal.totp_secret = pyotp.random_base32()
    principal.totp_enabled = True
    principal.save(update_fields=["totp_secret", "totp_enabled"])
    client = Client()
    client.post(reverse("login"), {"username": "hieutruong", "password": personas.password})
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "xác thực hai lớp" in response.json()["detail"]
