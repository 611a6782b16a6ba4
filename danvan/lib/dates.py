"""Read a date from what parsers, JSON snapshots and query strings hold: one lenient reader for all apps."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def as_date(value: Any) -> dt.date | None:
    """Return the date in `value` (a date, a datetime, "YYYY-MM-DD…" or "dd/mm/yyyy"), or None when there is none.

    Never raises: an empty, malformed or impossible date (31/02) gives None.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    m = _DMY.match(text)
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return None
    return None
