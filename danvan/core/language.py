"""The language of the records: what is stored (timelines, trail messages, rule wording) and official forms."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation


def records_language() -> Any:
    """Return a context manager running a block in Vietnamese, whatever language the person acting reads."""
    return translation.override(settings.LANGUAGE_CODE)
