"""Recognise Vietnamese date expressions ("30/7/2021", "ngày 31 tháng 01 năm 2023")."""

from __future__ import annotations

import datetime as dt
import re

# Both the numeric and the spelt-out form; the leading "ngày" is optional for the numeric one.
DATE_RE = re.compile(
    r"(?:ng[àa]y\s*)?(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?!\d)"
    r"|ng[àa]y\s+(?P<d2>\d{1,2})\s+th[áa]ng\s+(?P<m2>\d{1,2})\s+n[ăa]m\s+(?P<y2>\d{4})(?!\d)",
    re.IGNORECASE,
)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """Build a date or return None when the parts are not a real calendar day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def match_to_date(match: re.Match[str]) -> dt.date | None:
    """Turn a DATE_RE match into a date."""
    if match.group("d"):
        return make_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return make_date(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))


def find_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """Return the first valid date in text with its match."""
    for match in DATE_RE.finditer(text):
        date = match_to_date(match)
        if date is not None:
            return date, match
    return None


def iso(date: dt.date | None) -> str | None:
    """Format a date as ISO 8601, keeping None."""
    return date.isoformat() if date else None


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
