"""The app's pages speak English after the switch (catalog completeness: tests/core/test_catalogs.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
def test_the_board_page_is_english_after_switching_language(principal_client):
    # The middleware activates the session's language for the thread: give the next test its Vietnamese back.
    with translation.override(settings.LANGUAGE_CODE):
        principal_client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = principal_client.get(reverse("board:home")).content.decode()
    assert "Current term" in body
    assert "Nhiệm kỳ hiện tại" not in body
