"""Text helpers for Vietnamese: normalisation and diacritic-insensitive keys."""

from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    """Return the NFC form (Word and macOS may produce NFD)."""
    return unicodedata.normalize("NFC", text)


# Vietnamese letters decompose (NFD) into a base letter and marks of this block only; other scripts' marks are
# removed by their Unicode category, which is looked up per character, so only for text that needs it.
_COMBINING = re.compile("[\u0300-\u036f]+")
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Return a lowercase key without diacritics or punctuation ("Phó Hiệu trưởng" → "pho hieu truong")."""
    text = _COMBINING.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())
