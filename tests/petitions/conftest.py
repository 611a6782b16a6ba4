from __future__ import annotations

import pytest

from danvan.workdays import services as wd


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts without cached calendars (a rolled-back test leaves no signal behind)."""
    wd.invalidate()
    yield
    wd.invalidate()
