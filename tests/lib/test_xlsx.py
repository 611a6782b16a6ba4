from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from danvan.lib.xlsx import safe_cell, safe_row


@pytest.mark.parametrize(
    "text", ["=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://evil.example","bấm")']
)
def test_it_prefixes_text_a_spreadsheet_would_run_as_a_formula(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "– Trong đó", "", 5, -3, 2.5, None, True, dt.date(2025, 1, 2)])
def test_it_leaves_plain_text_numbers_and_dates_alone(value):
    assert safe_cell(value) == value


def test_a_row_is_escaped_cell_by_cell():
    assert safe_row(["=A1", 1, "x"]) == ["'=A1", 1, "x"]


def test_control_characters_are_dropped_so_the_sheet_can_be_written_and_read_back():
    book = Workbook()
    book.active.append(safe_row(["Đơn\x1b[31m của \x00ông\x07 A", "dòng 1\ndòng 2", "\x1b=1+1"]))
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))
    assert row == ("Đơn[31m của ông A", "dòng 1\ndòng 2", "'=1+1")
