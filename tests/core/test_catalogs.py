"""Every English catalog of the project is complete, free of fuzzy entries, and compiled from its .po file."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest

import danvan

CATALOGS = sorted(Path(danvan.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"))


def _entries(po: Path) -> list[str]:
    return [e for e in po.read_text(encoding="utf-8").split("\n\n") if "msgid " in e and "#~" not in e]


def _text(entry: str, key: str) -> str:
    """Return the joined string of `key` ("msgid", "msgid_plural", "msgstr" or "msgstr[1]") in one .po entry."""
    if key == "msgstr" and "msgid_plural" in entry:
        key = "msgstr[0]"
    out, inside = [], False
    for line in entry.splitlines():
        if line.startswith(key + " "):
            inside, line = True, line[len(key) + 1 :]
        elif not line.startswith('"'):
            inside = False
        if inside:
            out.append(json.loads(line))
    return "".join(out)


def _compiled(mo: gettext.GNUTranslations, entry: str) -> str:
    if "msgid_plural" in entry:
        return mo.ngettext(_text(entry, "msgid"), _text(entry, "msgid_plural"), 1)
    return mo.gettext(_text(entry, "msgid"))


def _name(po: Path) -> str:
    return str(po.relative_to(Path(danvan.__file__).parent).parents[3])


def test_every_app_with_user_facing_text_has_a_catalog():
    assert {_name(po) for po in CATALOGS} >= {
        ".",
        "plans",
        "workdays",
        "petitions",
        "board",
        "emulation",
        "dissemination",
        "reports",
        "api",
    }


@pytest.mark.parametrize("po", CATALOGS, ids=_name)
def test_every_string_has_an_english_translation(po):
    untranslated = [
        _text(e, "msgid")
        for e in _entries(po)[1:]
        if not _text(e, "msgstr") or ("msgid_plural" in e and not _text(e, "msgstr[1]"))
    ]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGS, ids=_name)
def test_no_entry_is_fuzzy(po):
    assert [_text(e, "msgid") for e in _entries(po) if "fuzzy" in e.partition("msgid ")[0]] == []


@pytest.mark.parametrize("po", CATALOGS, ids=_name)
def test_the_compiled_catalog_matches_the_po_file(po):
    with po.with_suffix(".mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = [_text(e, "msgid") for e in _entries(po)[1:] if _compiled(mo, e) != _text(e, "msgstr")]
    assert stale == []


# makemessages (xgettext) finds only these names: a string wrapped in another alias never reaches a catalog.
EXTRACTED = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def test_translatable_strings_are_wrapped_in_names_makemessages_extracts():
    sources = Path(danvan.__file__).parent.glob("**/*.py")
    pattern = re.compile(r"from django\.utils\.translation import ([^\n(]+|\([^)]*\))")
    unseen = []
    for path in sources:
        for names in pattern.findall(path.read_text(encoding="utf-8")):
            for name in names.strip("()").split(","):
                parts = name.split()
                if len(parts) == 3 and parts[1] == "as" and parts[2] not in EXTRACTED:
                    unseen.append(f"{path.name}: {name.strip()}")
    assert unseen == []
