"""The plans pages have a complete English catalog (Vietnamese is the source language)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import danvan.plans
from tests.plans.fixtures_plans import simple_plan

CATALOG = Path(danvan.plans.__file__).parent / "locale/en/LC_MESSAGES/django.po"


def test_the_english_catalog_of_plans_has_no_untranslated_text():
    entries = CATALOG.read_text(encoding="utf-8").split("\n\n")[1:]
    empty = [e for e in entries if e.splitlines()[-1] in ('msgstr ""', 'msgstr[0] ""', 'msgstr[1] ""')]
    assert empty == []
    assert CATALOG.with_suffix(".mo").exists()


@pytest.fixture
def restore_language():
    """The locale middleware leaves the language it activated on the test thread; put Vietnamese back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_my_tasks_speaks_english_when_chosen(principal_client, restore_language):
    principal_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = principal_client.get(reverse("plans:my_tasks")).content.decode()
    assert "Tasks I lead or my units are responsible for." in body


@pytest.mark.django_db
def test_the_timeline_names_the_months_in_english(school, principal_client, restore_language):
    plan = simple_plan(school)
    labels = [
        m["label"] for m in principal_client.get(reverse("plans:plan_timeline", args=[plan.pk])).context["months"]
    ]
    assert labels == [f"T{n}" for n in range(1, 13)]
    principal_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = principal_client.get(reverse("plans:plan_timeline", args=[plan.pk])).content.decode()
    assert ">Jan</span>" in body and ">Dec</span>" in body and ">T1</span>" not in body
