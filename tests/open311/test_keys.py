"""Partner keys: created from the page or the console, stored hashed, audited, bound to one school."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.open311 import services
from danvan.open311.models import PartnerKey


def test_the_principal_creates_a_key_shown_once_and_stored_hashed(principal, school):
    client = client_for(principal)
    page = client.post("/open311/khoa/", {"organisation": school.pk, "name": "Cổng phản ánh phường"})
    assert page.status_code == 200
    key = PartnerKey.objects.get()
    raw = next(word.split('"')[0] for word in page.content.decode().split('value="')[1:] if word.startswith("o311_"))
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest() and raw not in key.key_hash
    assert raw not in client.get("/open311/khoa/").content.decode()  # never shown again
    assert AuditEvent.objects.filter(code="open311.key.created", organisation=school, actor=principal).exists()
    assert services.authenticate(raw) == key


def test_only_managers_reach_the_page_and_another_schools_key_is_404(
    school, other_school, principal, teacher, other_principal
):
    key, _raw = services.create_key(school, actor=principal, name="Ứng dụng hội cha mẹ")
    assert client_for(teacher).get("/open311/khoa/").status_code == 403
    outsider = client_for(other_principal)
    assert key.name not in outsider.get("/open311/khoa/").content.decode()
    assert outsider.get(f"/open311/khoa/{key.pk}/thu-hoi/").status_code == 404
    assert outsider.post(f"/open311/khoa/{key.pk}/thu-hoi/").status_code == 404
    refused = outsider.post("/open311/khoa/", {"organisation": school.pk, "name": "Chen ngang"})
    assert refused.status_code == 400 and PartnerKey.objects.count() == 1
    with pytest.raises(services.Open311Error):
        services.create_key(school, actor=other_principal, name="Chen ngang")
    assert Client().get("/open311/khoa/").status_code == 302


def test_revoking_from_the_page_asks_first_then_is_audited(school, principal):
    key, raw = services.create_key(school, actor=principal, name="Ứng dụng hội cha mẹ")
    client = client_for(principal)
    assert "Thu hồi khóa" in client.get(f"/open311/khoa/{key.pk}/thu-hoi/").content.decode()
    assert client.post(f"/open311/khoa/{key.pk}/thu-hoi/").status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(code="open311.key.revoked", organisation=school).exists()
    with pytest.raises(services.Open311Error):
        services.authenticate(raw)


def test_the_console_creates_lists_and_revokes_keys(school):
    out, err = io.StringIO(), io.StringIO()
    call_command("open311", "key", "create", "--org", "THPTNK", "--name", "Cổng phường", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = services.authenticate(raw)
    assert key.organisation == school and "chỉ in ra một lần" in err.getvalue()
    listing = io.StringIO()
    call_command("open311", "key", "list", stdout=listing)
    assert key.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("open311", "key", "revoke", str(key.pk), stdout=io.StringIO())
    assert PartnerKey.objects.get().revoked_at is not None
    with pytest.raises(CommandError, match="Không có trường"):
        call_command("open311", "key", "create", "--org", "KHONGCO", "--name", "x")
