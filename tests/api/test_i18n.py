"""The API's texts have a complete English catalog (Vietnamese is the source language)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.api.conftest import API

PO = Path(__file__).resolve().parents[2] / "danvan" / "api" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_of_the_catalog_is_translated():
    text = PO.read_text(encoding="utf-8")
    entries = [b for b in text.split("\n\n") if "msgid" in b][1:]  # skip the header
    untranslated = [b for b in entries if b.rstrip().endswith('msgstr ""')]
    assert entries and not untranslated
    assert "#, fuzzy" not in text


@pytest.mark.django_db
def test_errors_are_in_english_when_the_language_switch_says_so(settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"{API}/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Sign in or use a valid API token")
