"""Text helpers for Vietnamese: normalisation and diacritic-insensitive keys."""

from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    """Return the NFC form (Word and macOS may produce NFD)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Return a lowercase key without diacritics or punctuation ("Phó Hiệu trưởng" → "pho hieu truong")."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.split())
