"""A NUL character in a parameter, a form field or a JSON string is refused with 400, never stored, never a 500."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.api.services import create_token
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_query_string_is_refused_with_a_sentence(principal_client):
    response = principal_client.get(reverse("core:audit_list") + "?q=a%00b")
    assert response.status_code == 400
    assert "ký tự không hợp lệ (NUL)" in response.content.decode()


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_stored(client, school):
    count = Petition.objects.count()
    response = client.post(
        reverse("petitions:public_submit", args=[school.code]),
        {"kind": "kien-nghi", "content": "Kiến nghị\x00 về lịch học"},
    )
    assert response.status_code == 400 and Petition.objects.count() == count


def test_a_nul_in_a_json_string_is_refused_by_the_api(principal):
    api = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(principal, name='nul').key}")
    response = api.post("/api/v1/petitions", json.dumps({"content": "a\u0000b"}), content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_the_bytes_of_an_uploaded_file_may_hold_nul(clerk_client, school):
    # A PDF or image is binary: only the text fields are checked.
    response = clerk_client.post(
        reverse("plans:plan_import"),
        {"file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n\x00\x00binary"), "year": "2026"},
    )
    assert response.status_code != 400 or "NUL" not in response.content.decode()


def test_a_form_encoded_post_to_the_api_is_still_read_by_the_api(principal):
    # The check reads the raw body, so the API can still parse it (it once found the stream consumed: a 500).
    api = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(principal, name='form').key}")
    assert api.post("/api/v1/petitions", {"content": "Kiến nghị"}).status_code < 500
    assert api.post("/api/v1/petitions", {"content": "a\x00b"}).status_code == 400
