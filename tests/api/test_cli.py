"""`danvan api_token`: the console door onto the same token services."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.api.models import ApiToken
from danvan.core.models import AuditEvent
from tests.api.conftest import API, BearerClient

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_creates_a_working_token_printing_the_key_once_then_lists_and_revokes_it(principal):
    key = run("create", principal.username, "Phần mềm của Sở", "--days", "30").strip()
    assert BearerClient(key).get(f"{API}/me").status_code == 200
    token = ApiToken.objects.get()
    listing = run("list")
    assert token.prefix in listing and key not in listing and "đang dùng" in listing
    assert "Đã thu hồi" in run("revoke", str(token.pk))
    assert BearerClient(key).get(f"{API}/me").status_code == 401
    assert AuditEvent.objects.filter(code="api.token.revoked", actor_repr="danvan api_token").exists()


def test_it_fails_with_exit_code_2_on_bad_input(principal):
    for args in (("create", "khong-co", "x"), ("create", principal.username, "x", "--days", "400"), ("revoke", "999")):
        with pytest.raises(CommandError) as err:
            run(*args)
        assert err.value.returncode == 2
