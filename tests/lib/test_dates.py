from __future__ import annotations

import datetime as dt

import pytest

from danvan.lib.dates import as_date

D = dt.date(2023, 9, 5)


@pytest.mark.parametrize(
    "value",
    [
        D,
        dt.datetime(2023, 9, 5, 14, 30),
        "2023-09-05",
        "2023-09-05T08:00:00+07:00",
        " 2023-09-05 ",
        "05/09/2023",
        "5/9/2023",
    ],
)
def test_it_reads_dates_datetimes_iso_and_vietnamese_text(value):
    assert as_date(value) == D


@pytest.mark.parametrize("value", [None, "", "abc", "31/02/2023", "2023-02-31", "09/2023", 0])
def test_it_gives_none_for_no_date(value):
    assert as_date(value) is None
