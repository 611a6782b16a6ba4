"""Calendars for tests: the national civil-servant calendar built without the database."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from danvan.workdays.engine import WorkCalendar
from danvan.workdays.official import OFFICIAL_CHANGES
from danvan.workdays.services import compose_calendar


@lru_cache(maxsize=4)
def national(rest: tuple[int, ...] = (5, 6)) -> WorkCalendar:
    """Return the package holidays plus the shipped official changes, 2000–2060."""
    return compose_calendar(OFFICIAL_CHANGES, rest_weekdays=rest, span=(2000, 2060))


def d(text: str) -> dt.date:
    """Return a date from ISO text."""
    return dt.date.fromisoformat(text)
