"""Write spreadsheet cells that a spreadsheet program will never run as formulas.

A cell whose text starts with = + - @ (or a tab or carriage return) is taken for a formula by Excel,
LibreOffice and openpyxl alike, so a name typed as ``=HYPERLINK("http://…")`` would become a live link
in every exported sheet (CSV/formula injection, OWASP). Every export of user-entered text goes through
`safe_cell`, which keeps numbers and dates as they are and prefixes such text with an apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return the value unchanged unless it is text a spreadsheet would read as a formula; prefix that with '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Return a row of cells passed through `safe_cell`."""
    return [safe_cell(v) for v in values]
