from __future__ import annotations

import gettext
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import danvan.emulation

PO = Path(danvan.emulation.__file__).parent / "locale/en/LC_MESSAGES/django.po"


def _entries() -> list[str]:
    return [e for e in PO.read_text(encoding="utf-8").split("\n\n") if "msgid " in e and "#~" not in e]


def _text(entry: str, key: str) -> str:
    """Return the joined string of `key` ("msgid", "msgid_plural", "msgstr" or "msgstr[1]") in one .po entry."""
    if key == "msgstr" and "msgid_plural" in entry:
        key = "msgstr[0]"
    out, inside = [], False
    for line in entry.splitlines():
        if line.startswith(key + " "):
            inside, line = True, line[len(key) + 1:]
        elif not line.startswith('"'):
            inside = False
        if inside:
            out.append(json.loads(line))
    return "".join(out)


def _compiled(mo: gettext.GNUTranslations, entry: str) -> str:
    if "msgid_plural" in entry:
        return mo.ngettext(_text(entry, "msgid"), _text(entry, "msgid_plural"), 1)
    return mo.gettext(_text(entry, "msgid"))


def test_every_string_of_the_emulation_has_an_english_translation():
    untranslated = [_text(e, "msgid") for e in _entries()[1:]
                    if not _text(e, "msgstr") or ("msgid_plural" in e and not _text(e, "msgstr[1]"))]
    assert untranslated == []


def test_the_emulation_catalog_has_no_fuzzy_entries():
    assert [_text(e, "msgid") for e in _entries() if "fuzzy" in e.partition("msgid ")[0]] == []


def test_the_compiled_emulation_catalog_matches_the_po_file():
    with PO.with_suffix(".mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = [_text(e, "msgid") for e in _entries()[1:] if _compiled(mo, e) != _text(e, "msgstr")]
    assert stale == []


@pytest.mark.django_db
def test_the_emulation_page_is_english_after_switching_language(principal_client):
    # The middleware activates the session's language for the thread: give the next test its Vietnamese back.
    with translation.override(settings.LANGUAGE_CODE):
        principal_client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = principal_client.get(reverse("emulation:campaign_list")).content.decode()
    assert "emulation movement" in body
    assert "Phong trào thi đua" not in body
