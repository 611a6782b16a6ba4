"""Bounded parsing of numbers typed by users: query parameters, ids, years, quarters.

Every view, filter and API schema reads an integer from outside through here, so a 25-digit `?nam=` or
`?campaign=` is "not a valid value" rather than an `OverflowError` from the database (SQLite stores at most a
signed 64-bit integer) or a `ValueError` from `datetime.date` (years 1–9999). `str.isdigit()` is not used: it
accepts "²" and other Unicode digits that `int()` then rejects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from pydantic import Field

# The largest id any of our databases can store (SQLite INTEGER and PostgreSQL bigint are signed 64-bit).
MAX_ID = 2**63 - 1
# The years a plan, report or filter may name: a school works with the years around today; `datetime.date`
# itself stops at 9999, and year 0 does not exist.
MIN_YEAR = 2000
MAX_YEAR = 2100
QUARTERS = (1, 2, 3, 4)

_DIGITS = re.compile(r"[0-9]{1,19}")

# For django-ninja schemas and path parameters: an id outside this range is a 422, never a database error.
ApiId = Annotated[int, Field(ge=1, le=MAX_ID)]
ApiYear = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]


def parse_int(value: object, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """Return `value` as an int within [minimum, maximum], or None when it is absent, not a number or out of range."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value or "").strip()
        negative = text.startswith("-")
        if negative:
            text = text[1:]
        if not _DIGITS.fullmatch(text):
            return None
        number = -int(text) if negative else int(text)
    return number if minimum <= number <= maximum else None


def query_int(params: Mapping[str, str], name: str, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """Return the integer query parameter `name` (e.g. `request.GET`), or None when absent or invalid."""
    return parse_int(params.get(name), minimum=minimum, maximum=maximum)


def query_id(params: Mapping[str, str], name: str) -> int | None:
    """Return the object id in query parameter `name`, or None when absent, not a number or out of range."""
    return query_int(params, name, minimum=1, maximum=MAX_ID)


def query_year(params: Mapping[str, str], name: str) -> int | None:
    """Return the year in query parameter `name`, or None when absent or outside MIN_YEAR–MAX_YEAR."""
    return query_int(params, name, minimum=MIN_YEAR, maximum=MAX_YEAR)
