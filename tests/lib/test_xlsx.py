from __future__ import annotations

import datetime as dt

import pytest

from danvan.lib.xlsx import safe_cell, safe_row


@pytest.mark.parametrize("text", ["=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                  '=HYPERLINK("http://evil.example","bấm")'])
def test_it_prefixes_text_a_spreadsheet_would_run_as_a_formula(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "– Trong đó", "", 5, -3, 2.5, None, True, dt.date(2025, 1, 2)])
def test_it_leaves_plain_text_numbers_and_dates_alone(value):
    assert safe_cell(value) == value


def test_a_row_is_escaped_cell_by_cell():
    assert safe_row(["=A1", 1, "x"]) == ["'=A1", 1, "x"]
