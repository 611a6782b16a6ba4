from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pytest

from danvan.workdays.engine import CalendarRangeError, WorkCalendar

from .helpers import d, national


def small() -> WorkCalendar:
    """A 2024 calendar with one holiday (Wed 2024-01-03) and one working Saturday (2024-01-13)."""
    return WorkCalendar(
        first_year=2024,
        last_year=2024,
        days_off={d("2024-01-03"): "Ngày nghỉ thử"},
        working_days={d("2024-01-13"): "Làm bù"},
    )


def test_weekends_holidays_and_working_saturdays_are_classified():
    cal = small()
    assert cal.is_working_day(d("2024-01-02"))
    assert not cal.is_working_day(d("2024-01-03"))
    assert not cal.is_working_day(d("2024-01-06"))  # Saturday
    assert not cal.is_working_day(d("2024-01-07"))  # Sunday
    assert cal.is_working_day(d("2024-01-13"))  # working Saturday


def test_the_triggering_day_is_not_counted():
    cal = small()
    assert cal.add_working_days(d("2024-01-01"), 1) == d("2024-01-02")
    assert cal.add_working_days(d("2024-01-02"), 1) == d("2024-01-04")  # skips the holiday


def test_n_zero_returns_the_day_itself_or_the_next_working_day():
    cal = small()
    assert cal.add_working_days(d("2024-01-02"), 0) == d("2024-01-02")
    assert cal.add_working_days(d("2024-01-03"), 0) == d("2024-01-04")
    assert cal.add_working_days(d("2024-01-06"), 0) == d("2024-01-08")


def test_negative_n_counts_backwards():
    cal = small()
    assert cal.add_working_days(d("2024-01-04"), -1) == d("2024-01-02")
    assert cal.add_working_days(d("2024-01-08"), -1) == d("2024-01-05")


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day():
    cal = small()
    assert cal.add_calendar_days(d("2024-01-01"), 1) == d("2024-01-02")
    assert cal.add_calendar_days(d("2024-01-01"), 2) == d("2024-01-04")  # ends on the holiday
    assert cal.add_calendar_days(d("2024-01-01"), 5) == d("2024-01-08")  # ends on Saturday
    assert cal.add_calendar_days(d("2024-01-01"), 12) == d("2024-01-13")  # ends on a working Saturday


def test_working_days_between_counts_the_half_open_interval():
    cal = small()
    assert cal.working_days_between(d("2024-01-01"), d("2024-01-05")) == 3  # 2, 4, 5
    assert cal.working_days_between(d("2024-01-05"), d("2024-01-01")) == -3
    assert cal.working_days_between(d("2024-01-05"), d("2024-01-05")) == 0


def test_dates_outside_the_span_raise_a_range_error():
    cal = small()
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(d("2025-01-01"))
    with pytest.raises(CalendarRangeError):
        cal.add_working_days(d("2024-12-31"), 1)


def test_a_week_without_working_days_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar(first_year=2024, last_year=2024, rest_weekdays=range(7))


def test_days_off_in_year_lists_named_days_and_optionally_weekly_rest():
    cal = small()
    assert cal.days_off_in_year(2024) == [(d("2024-01-03"), "Ngày nghỉ thử")]
    everything = cal.days_off_in_year(2024, include_weekly_rest=True)
    assert (d("2024-01-06"), "Thứ Bảy") in everything
    assert (d("2024-01-13"), "Thứ Bảy") not in everything


def test_a_six_day_week_works_on_saturday():
    cal = WorkCalendar(first_year=2024, last_year=2024, rest_weekdays={6})
    assert cal.add_working_days(d("2024-01-05"), 1) == d("2024-01-06")


# --------------------------------------------------------------- the real civil-servant calendar


def test_tet_2024_is_off_from_8_to_14_february():
    cal = national()
    for day in range(8, 15):
        assert not cal.is_working_day(dt.date(2024, 2, day))
    assert cal.is_working_day(d("2024-02-07"))
    assert cal.is_working_day(d("2024-02-15"))
    assert cal.add_working_days(d("2024-02-07"), 1) == d("2024-02-15")
    assert cal.working_days_between(d("2024-02-07"), d("2024-02-15")) == 1


def test_30_april_2024_swaps_monday_29_april_for_saturday_4_may():
    cal = national()
    assert not cal.is_working_day(d("2024-04-29"))
    assert not cal.is_working_day(d("2024-04-30"))
    assert not cal.is_working_day(d("2024-05-01"))
    assert cal.is_working_day(d("2024-05-04"))
    assert cal.add_working_days(d("2024-04-26"), 1) == d("2024-05-02")
    assert cal.add_working_days(d("2024-05-03"), 1) == d("2024-05-04")
    assert not cal.is_working_day(d("2024-04-18"))  # Giỗ Tổ Hùng Vương 10/3 âm lịch


def test_tet_2025_runs_from_25_january_to_2_february():
    cal = national()
    for offset in range(9):
        assert not cal.is_working_day(d("2025-01-25") + dt.timedelta(days=offset))
    assert cal.add_working_days(d("2025-01-24"), 1) == d("2025-02-03")


def test_2025_works_saturday_26_april_and_rests_2_may():
    cal = national()
    assert cal.is_working_day(d("2025-04-26"))
    assert not cal.is_working_day(d("2025-05-02"))
    assert cal.add_working_days(d("2025-04-25"), 1) == d("2025-04-26")
    assert cal.add_working_days(d("2025-04-29"), 1) == d("2025-05-05")


def test_national_day_2023_is_off_1_to_4_september_without_a_swap():
    cal = national()
    for day in (1, 2, 3, 4):
        assert not cal.is_working_day(dt.date(2023, 9, day))
    assert not cal.is_working_day(d("2023-08-26"))  # no working Saturday was announced
    assert cal.add_working_days(d("2023-08-31"), 1) == d("2023-09-05")


def test_counting_crosses_the_new_year_holiday():
    cal = national()
    assert cal.add_working_days(d("2024-12-31"), 1) == d("2025-01-02")
    assert cal.add_working_days(d("2023-12-29"), 1) == d("2024-01-02")
    assert cal.working_days_between(d("2023-12-29"), d("2024-01-02")) == 1


def test_a_start_on_a_day_off_counts_from_the_next_day():
    cal = national()
    assert cal.add_working_days(d("2024-02-10"), 1) == d("2024-02-15")
    assert cal.add_working_days(d("2024-02-10"), 0) == d("2024-02-15")
    assert cal.add_calendar_days(d("2024-02-10"), 1) == d("2024-02-15")


def test_leap_day_2024_is_an_ordinary_working_day():
    cal = national()
    assert cal.is_working_day(d("2024-02-29"))
    assert cal.add_working_days(d("2024-02-28"), 1) == d("2024-02-29")
    assert cal.add_working_days(d("2024-02-28"), 2) == d("2024-03-01")
    assert cal.add_calendar_days(d("2024-01-30"), 30) == d("2024-02-29")
    assert cal.add_calendar_days(d("2023-01-30"), 30) == d("2023-03-01")


def test_a_30_day_period_ending_in_tet_ends_on_the_first_working_day_after_it():
    # BLDS Điều 148(5): 12/01/2024 + 30 days = Sunday 11/02/2024 (Tết) → Thursday 15/02/2024.
    assert national().add_calendar_days(d("2024-01-12"), 30) == d("2024-02-15")


def test_the_calendar_agrees_with_the_holidays_package_day_by_day_except_the_new_year_2026_swap():
    cal = national()
    vn = holidays.country_holidays("VN", years=range(2015, 2028))
    official = {d("2023-01-02"), d("2023-05-02"), d("2023-05-03")}  # already in the package
    # CV 12729/VPCP-KGVX (25/12/2025): Fri 02/01/2026 off, Sat 10/01/2026 worked; holidays 0.109 lacks it.
    not_in_package = {d("2026-01-02"), d("2026-01-10")}
    day = d("2015-01-01")
    while day <= d("2027-12-31"):
        assert cal.is_working_day(day) == (vn.is_working_day(day) ^ (day in not_in_package)), day
        day += dt.timedelta(days=1)
    assert official <= {k for k in vn}


def test_a_six_day_week_ignores_the_swaps():
    cal = national((6,))
    assert cal.is_working_day(d("2024-04-29"))  # the swapped Monday is worked
    assert cal.is_working_day(d("2024-05-04"))  # Saturday is worked anyway
    assert not cal.is_working_day(d("2024-04-30"))


# --------------------------------------------------------------- batches


def test_the_batch_api_agrees_with_single_computations():
    cal = national()
    rng = np.random.default_rng(7)
    starts = np.datetime64("2023-01-01") + rng.integers(0, 3 * 365, 2000).astype("timedelta64[D]")
    amounts = rng.integers(1, 60, 2000)
    work = cal.add_working_days_batch(starts, amounts)
    cald = cal.add_calendar_days_batch(starts, amounts)
    for s, n, w, c in zip(starts.tolist(), amounts.tolist(), work.tolist(), cald.tolist(), strict=True):
        assert cal.add_working_days(s, n) == w
        assert cal.add_calendar_days(s, n) == c


def test_mixed_units_in_one_batch():
    cal = national()
    starts = np.array(["2024-01-25", "2024-01-25"], dtype="datetime64[D]")
    out = cal.due_dates_batch(starts, np.array([10, 30]), np.array(["working", "calendar"]))
    assert out.tolist() == [d("2024-02-15"), d("2024-02-26")]


def test_a_batch_outside_the_span_raises():
    cal = small()
    with pytest.raises(CalendarRangeError):
        cal.add_working_days_batch(np.array(["2024-12-31"], dtype="datetime64[D]"), 1)
