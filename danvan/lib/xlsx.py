"""Write spreadsheet cells that a spreadsheet program will never run as formulas.

A cell whose text starts with = + - @ (or a tab or carriage return) is taken for a formula by Excel,
LibreOffice and openpyxl alike, so a name typed as ``=HYPERLINK("http://…")`` would become a live link
in every exported sheet (CSV/formula injection, OWASP). Every export of user-entered text goes through
`safe_cell`, which keeps numbers and dates as they are and prefixes such text with an apostrophe.

It also drops the control characters the XLSX format cannot hold (ESC, NUL, … — everything below U+0020
except tab, line feed and carriage return): openpyxl refuses them with `IllegalCharacterError`, so one such
character typed on the public form would otherwise make the whole register fail to export, and the error
would carry the citizen's text into the server log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The same set as openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE (XML 1.0 forbids them in a document).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """Return text without the characters XLSX cannot hold, with ' before a formula; other values unchanged."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Return a row of cells passed through `safe_cell`."""
    return [safe_cell(v) for v in values]
