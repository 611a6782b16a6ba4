from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

import danvan
from danvan.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_interface_is_vietnamese_even_when_the_browser_asks_for_english():
    body = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(reverse("login")).content.decode()
    assert "Đăng nhập danvan" in body


def test_the_switch_turns_the_interface_to_english_and_back():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("login")).content.decode()
    assert "Sign in to danvan" in body
    assert 'lang="en"' in body
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập danvan" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_shown_day_first_in_both_languages(language):
    with translation.override(language):
        assert formats.date_format(dt.date(2023, 6, 15)) == "15/06/2023"
        assert formats.date_format(dt.date(2023, 6, 15), "SHORT_DATE_FORMAT") == "15/06/2023"


def test_the_english_catalog_of_the_shell_has_no_untranslated_text():
    po = (Path(danvan.__file__).parent / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    empty = [e for e in entries if 'msgstr ""' in e.splitlines()[-1:] and "msgid_plural" not in e]
    assert empty == []


@pytest.mark.django_db
def test_the_english_menu_says_reports_not_report(principal):
    client = client_for(principal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):
        html = client.get(reverse("core:dashboard")).content.decode()
    assert ">Reports</a>" in html
