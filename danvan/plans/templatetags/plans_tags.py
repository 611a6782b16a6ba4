"""Template filters of the plans pages."""

from __future__ import annotations

from typing import Any

from django import template

from danvan.lib.dates import as_date

register = template.Library()


@register.filter
def dmy(value: Any) -> str:
    """Return a date, or a parser's ISO date string ("2020-09-30"), as dd/mm/yyyy; other text unchanged."""
    if value in (None, ""):
        return ""
    day = as_date(value)
    return f"{day:%d/%m/%Y}" if day is not None else str(value)
