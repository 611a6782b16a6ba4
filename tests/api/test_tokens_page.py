"""The personal token page: create (key shown once), list, confirm and revoke; the admin never shows the key."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from danvan.api.models import ApiToken
from danvan.api.services import create_token, hash_key
from danvan.core.testing import assert_method_not_allowed, client_for
from tests.api.conftest import API, BearerClient

pytestmark = pytest.mark.django_db

URL = "/api/tokens/"


def test_anonymous_visitors_are_sent_to_sign_in():
    for url in (URL, "/api/tokens/1/revoke/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_creating_a_token_shows_its_key_once_and_the_key_works(teacher):
    client = client_for(teacher)
    response = client.post(URL, {"name": "Bảng tính", "days": 30})
    assert response.status_code == 200
    key = re.search(r'value="(dv_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=teacher)
    assert token.key_hash == hash_key(key)
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    # The list never shows it again.
    assert key not in client.get(URL).content.decode()
    assert BearerClient(key).get(f"{API}/me").json()["username"] == teacher.username


def test_an_invalid_form_is_shown_again_with_errors(teacher):
    response = client_for(teacher).post(URL, {"name": "", "days": 5})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation_then_revokes(teacher):
    new = create_token(teacher, name="Bảng tính")
    client = client_for(teacher)
    url = f"/api/tokens/{new.token.pk}/revoke/"
    page = client.get(url)
    assert page.status_code == 200 and "không thể hoàn tác" in page.content.decode()
    new.token.refresh_from_db()
    assert not new.token.revoked
    assert client.post(url).status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked
    assert BearerClient(new.key).get(f"{API}/me").status_code == 401


def test_someone_elses_token_is_a_404_on_the_page(teacher, principal, other_principal):
    new = create_token(principal, name="của hiệu trưởng")
    for user in (teacher, other_principal):
        client = client_for(user)
        assert client.get(f"/api/tokens/{new.token.pk}/revoke/").status_code == 404
        assert client.post(f"/api/tokens/{new.token.pk}/revoke/").status_code == 404
        assert "của hiệu trưởng" not in client.get(URL).content.decode()
    new.token.refresh_from_db()
    assert not new.token.revoked


def test_wrong_methods_get_405(teacher):
    new = create_token(teacher, name="x")
    assert_method_not_allowed(teacher, URL, "put")
    assert_method_not_allowed(teacher, f"/api/tokens/{new.token.pk}/revoke/", "delete")


def test_the_admin_lists_tokens_without_the_key_or_its_hash(teacher):
    new = create_token(teacher, name="Bảng tính")
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.invalid", "pw-for-tests-1")
    client = client_for(admin)
    listing = client.get("/quan-tri/api/apitoken/")
    assert listing.status_code == 200 and "Bảng tính" in listing.content.decode()
    detail = client.get(f"/quan-tri/api/apitoken/{new.token.pk}/change/").content.decode()
    for page in (listing.content.decode(), detail):
        assert new.key not in page and new.token.key_hash not in page
    assert client.get("/quan-tri/api/apitoken/add/").status_code == 403
    client.post("/quan-tri/api/apitoken/", {"action": "revoke", "_selected_action": [new.token.pk]})
    new.token.refresh_from_db()
    assert new.token.revoked
