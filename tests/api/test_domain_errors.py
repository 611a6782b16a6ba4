"""A service's refusal answers the API's documented error: a 4xx, the message in the reader's language, its code."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from danvan.core.testing import client_for
from tests.api.conftest import API, post_json

pytestmark = pytest.mark.django_db


def test_a_refused_transition_is_a_409_with_the_services_message_and_its_code(api_principal, plans):
    response = post_json(api_principal, f"{API}/plans/{plans['ours'].pk}/transitions", {"action": "publish"})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Không thể “Ban hành” kế hoạch đang ở trạng thái “Dự thảo”.",
        "code": "conflict",
    }


def test_the_message_follows_the_readers_language(api_principal, plans):
    api_principal.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_json(api_principal, f"{API}/plans/{plans['ours'].pk}/transitions", {"action": "publish"})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Cannot “")


def test_a_refused_input_is_a_400_naming_the_field(api_principal, plans):
    task = plans["ours"].tasks.first()
    response = post_json(api_principal, f"{API}/tasks/{task.pk}/updates", {"status": "done", "progress": 40})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == "progress" and "100%" in body["detail"]


def test_the_same_refusal_is_a_message_on_the_page(principal, plans):
    client = client_for(principal)
    response = client.post(reverse("plans:plan_transition", args=[plans["ours"].pk, "publish"]), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Không thể “Ban hành” kế hoạch đang ở trạng thái “Dự thảo”."
    ]
