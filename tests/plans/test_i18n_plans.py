"""The plans pages have a complete English catalog (Vietnamese is the source language)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

import danvan.plans

CATALOG = Path(danvan.plans.__file__).parent / "locale/en/LC_MESSAGES/django.po"


def test_the_english_catalog_of_plans_has_no_untranslated_text():
    entries = CATALOG.read_text(encoding="utf-8").split("\n\n")[1:]
    empty = [e for e in entries if e.splitlines()[-1] in ('msgstr ""', 'msgstr[0] ""', 'msgstr[1] ""')]
    assert empty == []
    assert CATALOG.with_suffix(".mo").exists()


@pytest.mark.django_db
def test_the_plan_list_speaks_english_when_chosen(principal_client):
    principal_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = principal_client.get(reverse("plans:my_tasks")).content.decode()
    assert "Tasks I lead or my units are responsible for." in body
