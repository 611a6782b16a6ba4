"""Authentication: personal tokens (valid, revoked, expired, malformed), the session with CSRF, 401 bodies."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from danvan.api.models import ApiToken
from danvan.api.services import TokenError, authenticate_key, create_token, hash_key, revoke_token
from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from tests.api.conftest import API, BearerClient, post_json

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_hash_of_a_new_token(principal):
    new = create_token(principal, name="Bảng tính")
    token = ApiToken.objects.get(pk=new.token.pk)
    assert token.key_hash == hash_key(new.key)
    assert new.key not in {token.key_hash, token.prefix, token.name}
    assert new.key.startswith(token.prefix)
    assert len(token.prefix) == 11


def test_it_records_creation_and_revocation_in_the_audit_trail_without_the_key(principal):
    new = create_token(principal, name="Bảng tính")
    revoke_token(new.token, actor=principal)
    codes = list(AuditEvent.objects.filter(code__startswith="api.token.").values_list("code", flat=True))
    assert sorted(codes) == ["api.token.created", "api.token.revoked"]
    for event in AuditEvent.objects.filter(code__startswith="api.token."):
        assert new.key not in str(event.changes) + event.message
        assert new.token.key_hash not in str(event.changes) + event.message


def test_it_rejects_a_token_without_a_name_or_with_a_too_long_life(principal):
    with pytest.raises(TokenError):
        create_token(principal, name="  ")
    with pytest.raises(TokenError):
        create_token(principal, name="x", days=366)


def test_it_refuses_to_revoke_someone_elses_token(principal, teacher):
    new = create_token(principal, name="x")
    with pytest.raises(TokenError):
        revoke_token(new.token, actor=teacher)


def test_a_valid_token_authenticates_and_marks_its_last_use(principal):
    new = create_token(principal, name="x")
    response = BearerClient(new.key).get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == principal.username
    assert response.json()["auth"] == "token"
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_a_revoked_token_gets_401(principal):
    new = create_token(principal, name="x")
    revoke_token(new.token, actor=principal)
    response = BearerClient(new.key).get(f"{API}/me")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_gets_401(principal):
    new = create_token(principal, name="x", days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        assert BearerClient(new.key).get(f"{API}/me").status_code == 401
    assert BearerClient(new.key).get(f"{API}/me").status_code == 200


def test_a_token_of_a_deactivated_user_gets_401(principal):
    new = create_token(principal, name="x")
    principal.is_active = False
    principal.save()
    assert BearerClient(new.key).get(f"{API}/me").status_code == 401


@pytest.mark.parametrize("header", ["Bearer dv_not-a-real-key", "Bearer ", "Token abc", "Basic dXNlcjpwdw=="])
def test_a_malformed_or_unknown_authorization_header_gets_401(principal, header):
    client = client_for(principal)  # even with a valid session: a bad token is never silently ignored
    response = client.get(f"{API}/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_anonymous_requests_get_401_with_a_vietnamese_detail():
    response = Client().get(f"{API}/me")
    assert response.status_code == 401
    assert "khóa API" in response.json()["detail"]


def test_the_session_authenticates_reads(principal):
    response = client_for(principal).get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["auth"] == "session"


def test_a_session_write_without_csrf_token_gets_403_but_a_token_write_needs_none(principal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal, backend="django.contrib.auth.backends.ModelBackend")
    response = post_json(client, f"{API}/tasks/999999/updates", {"status": "done", "progress": 100})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    key = create_token(principal, name="x").key
    response = post_json(
        BearerClient(key, enforce_csrf_checks=True), f"{API}/tasks/999999/updates", {"status": "done", "progress": 100}
    )
    assert response.status_code == 404


def test_a_session_write_with_the_csrf_token_passes_the_check(principal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/tong-quan/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"{API}/tasks/999999/updates",
        '{"status": "done", "progress": 100}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 404


def test_authenticate_key_ignores_keys_without_the_prefix():
    assert authenticate_key("abc") is None
    assert authenticate_key("") is None
