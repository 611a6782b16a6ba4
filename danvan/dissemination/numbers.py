"""Read a legal document's number-symbol: its comparison key and the document type it names.

The model keys every document by these on save and the services match references by them, so they sit below both.
"""

from __future__ import annotations

import re
import unicodedata

from danvan.plans.choices import DOCUMENT_TYPES
from danvan.plans.models import document_type

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def normalise_number(number: str) -> str:
    """Return the comparison key of a number-symbol: "23 – qđ/tw" → "23-QĐ/TW", "09/KH" → "9/KH"."""
    text = unicodedata.normalize("NFC", number or "")
    text = _DASHES.sub("-", text).upper()
    text = re.sub(r"\s+", "", text)
    text = text.removeprefix("SỐ").lstrip(":")
    return re.sub(r"^0+(?=\d)", "", text)


def document_type_name(number: str) -> str:
    """Return the document type read from the symbol ("23-QĐ/TW" → "Quyết định"), or ""."""
    return DOCUMENT_TYPES.get(document_type(normalise_number(number)), "")
