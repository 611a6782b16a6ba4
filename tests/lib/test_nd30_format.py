"""Numbers, symbols and dates as Nghị định 30/2020 prints them."""

from __future__ import annotations

import datetime

import pytest

from danvan.lib.nd30 import (
    DOC_TYPE_ABBREVIATIONS,
    doc_type_abbreviation,
    format_number,
    number_line,
    symbol_for,
    vietnamese_date,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "01"), (9, "09"), (10, "10"), (12, "12"), (0, "00"), (123, "123"), (None, "")],
)
def test_it_pads_numbers_below_ten_with_a_zero(n, expected):
    assert format_number(n) == expected


def test_it_joins_type_and_issuer_codes_into_a_symbol():
    assert symbol_for("KH", "THPTNK") == "KH-THPTNK"
    assert symbol_for("BC", "SGDĐT") == "BC-SGDĐT"
    assert symbol_for("", "THPTNK") == "THPTNK"


def test_it_knows_the_phu_luc_iii_abbreviations():
    assert DOC_TYPE_ABBREVIATIONS["KẾ HOẠCH"] == "KH"
    assert DOC_TYPE_ABBREVIATIONS["QUY ĐỊNH"] == "QyĐ"
    assert DOC_TYPE_ABBREVIATIONS["TỜ TRÌNH"] == "TTr"
    assert DOC_TYPE_ABBREVIATIONS["CHƯƠNG TRÌNH"] == "CTr"
    assert "CÔNG VĂN" not in DOC_TYPE_ABBREVIATIONS  # "CV" is not an official abbreviation
    assert doc_type_abbreviation("Kế hoạch") == "KH"
    assert doc_type_abbreviation("công văn") == ""


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        ("12", "KH-THPTNK", "Số: 12/KH-THPTNK"),
        ("5", "KH-THPTNK", "Số: 05/KH-THPTNK"),
        (None, "KH-THPTNK", "Số:      /KH-THPTNK"),
        ("", "KH-THPTNK", "Số:      /KH-THPTNK"),
        ("12", "", "Số: 12"),
        ("12/KH-THPTNK", "KH-THPTNK", "Số: 12/KH-THPTNK"),
    ],
)
def test_it_prints_the_number_line(number, symbol, expected):
    assert number_line(number, symbol) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2023, 1, 31), "Hải Phòng, ngày 31 tháng 01 năm 2023"),
        (datetime.date(2023, 2, 5), "Hải Phòng, ngày 05 tháng 02 năm 2023"),
        (datetime.date(2023, 3, 9), "Hải Phòng, ngày 09 tháng 3 năm 2023"),
        (datetime.date(2023, 12, 10), "Hải Phòng, ngày 10 tháng 12 năm 2023"),
    ],
)
def test_it_pads_days_below_ten_and_the_first_two_months(date, expected):
    assert vietnamese_date("Hải Phòng", date) == expected


def test_it_leaves_the_date_blank_with_the_year_when_known():
    assert vietnamese_date("Hải Phòng", None, 2023) == "Hải Phòng, ngày … tháng … năm 2023"
    assert vietnamese_date("Hải Phòng", None) == "Hải Phòng, ngày … tháng … năm …"


def test_it_capitalises_a_date_without_a_place():
    assert vietnamese_date("", datetime.date(2024, 6, 15)) == "Ngày 15 tháng 6 năm 2024"


def test_a_number_in_superscript_or_foreign_digits_is_printed_as_written():
    assert "¹" in number_line("¹", "KH-THPTNK")
    assert "٣" in number_line("٣", "KH-THPTNK")
