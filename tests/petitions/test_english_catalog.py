"""The app's pages speak English after the switch (catalog completeness: tests/core/test_catalogs.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
def test_the_public_petition_page_is_english_after_switching_language(client):
    # The middleware activates the session's language for the thread: give the next test its Vietnamese back.
    with translation.override(settings.LANGUAGE_CODE):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(reverse("petitions:public_schools")).content.decode()
    assert "Send a petition to the school" in body
    assert "Gửi đơn đến nhà trường" not in body
