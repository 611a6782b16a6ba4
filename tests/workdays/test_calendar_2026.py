"""The 2026 civil-service calendar (Monday–Friday week) as announced, day by day (shared law-2026.md §3)."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.workdays import services
from danvan.workdays.official import OFFICIAL_CHANGES

from .helpers import d, national

# Every weekday off in 2026 with the document that announces it.
WEEKDAYS_OFF_2026 = {
    d("2026-01-01"): "12729/VPCP-KGVX",  # Tết Dương lịch
    d("2026-01-02"): "12729/VPCP-KGVX",  # swapped with Saturday 10/01
    d("2026-02-16"): "9441/TB-BNV",  # Tết Bính Ngọ, 16–20/02
    d("2026-02-17"): "9441/TB-BNV",
    d("2026-02-18"): "9441/TB-BNV",
    d("2026-02-19"): "9441/TB-BNV",
    d("2026-02-20"): "9441/TB-BNV",
    d("2026-04-27"): "Điều 111(3)",  # Giỗ Tổ falls on Sunday 26/04: made up on Monday
    d("2026-04-30"): "3383/BNV-CVL",  # no swap
    d("2026-05-01"): "3383/BNV-CVL",
    d("2026-08-31"): "9441/TB-BNV",  # swapped with Saturday 22/08
    d("2026-09-01"): "9441/TB-BNV",
    d("2026-09-02"): "9441/TB-BNV",
    d("2026-11-24"): "NQ 28/2026/QH16",  # Ngày Văn hóa Việt Nam
}
WORKED_SATURDAYS_2026 = {d("2026-01-10"): "12729/VPCP-KGVX", d("2026-08-22"): "9441/TB-BNV"}


def _days_2026():
    day = d("2026-01-01")
    while day.year == 2026:
        yield day
        day += dt.timedelta(days=1)


def _pin_every_day(cal):
    for day in _days_2026():
        if day in WEEKDAYS_OFF_2026:
            expected = False
        elif day in WORKED_SATURDAYS_2026:
            expected = True
        else:
            expected = day.weekday() < 5
        assert cal.is_working_day(day) is expected, day


def test_every_day_of_2026_is_pinned():
    assert len(WEEKDAYS_OFF_2026) == 14 and all(day.weekday() < 5 for day in WEEKDAYS_OFF_2026)
    assert all(day.weekday() == 5 for day in WORKED_SATURDAYS_2026)
    _pin_every_day(national())


@pytest.mark.django_db
def test_the_migrated_database_gives_the_same_2026_calendar():
    _pin_every_day(services.get_calendar(None))
    assert services.working_days_between(d("2025-12-31"), d("2026-12-31")) == 261 - 14 + 2


def test_every_2026_day_names_its_announcing_document():
    rows = {c.date: c for c in OFFICIAL_CHANGES if c.date.year == 2026}
    assert set(rows) == set(WEEKDAYS_OFF_2026) | set(WORKED_SATURDAYS_2026)
    for day, number in (WEEKDAYS_OFF_2026 | WORKED_SATURDAYS_2026).items():
        assert number in rows[day].document, day
        assert "chưa xác nhận" not in rows[day].document
    assert rows[d("2026-01-02")].is_swap and rows[d("2026-01-10")].is_swap


def test_the_new_year_2026_swap_only_concerns_a_saturday_sunday_week():
    six_day = national((6,))
    assert six_day.is_working_day(d("2026-01-02")) and six_day.is_working_day(d("2026-01-10"))
    assert not six_day.is_working_day(d("2026-01-01"))


@pytest.mark.parametrize(("culture_day", "monday"), [("2029-11-24", "2029-11-26"), ("2030-11-24", "2030-11-25")])
def test_culture_day_on_a_weekend_gets_no_make_up_day(culture_day, monday):
    # NQ 28/2026/QH16 Điều 2 is outside BLLĐ 2019 Điều 112(1): Điều 111(3)'s make-up day does not apply.
    cal = national()
    assert not cal.is_working_day(d(culture_day))
    assert cal.is_working_day(d(monday))


def test_culture_day_on_a_weekday_is_a_day_off_every_year():
    cal = national()
    assert not cal.is_working_day(d("2027-11-24")) and not cal.is_working_day(d("2031-11-24"))
