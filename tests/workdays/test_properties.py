from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from .helpers import national

dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2050, 12, 31))
counts = st.integers(min_value=1, max_value=400)
weeks = st.sampled_from([(5, 6), (6,), (4, 5)])


@settings(max_examples=300, deadline=None)
@given(dates, counts, weeks)
def test_adding_then_counting_back_gives_n(start, n, rest):
    cal = national(rest)
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=0, max_value=400), weeks)
def test_a_working_day_result_is_a_working_day(start, n, rest):
    cal = national(rest)
    assert cal.is_working_day(cal.add_working_days(start, n))
    assert cal.is_working_day(cal.add_calendar_days(start, n))


@settings(max_examples=300, deadline=None)
@given(dates, counts)
def test_results_never_move_backwards_when_n_grows(start, n):
    cal = national()
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)
    assert cal.add_calendar_days(start, n) <= cal.add_calendar_days(start, n + 1)
    assert cal.add_working_days(start, n) > start


@settings(max_examples=200, deadline=None)
@given(dates, counts)
def test_going_forward_then_back_returns_to_the_start_or_the_last_working_day_before_it(start, n):
    cal = national()
    back = cal.add_working_days(cal.add_working_days(start, n), -n)
    expected = start if cal.is_working_day(start) else cal.add_working_days(start, -1)
    assert back == expected


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=120))
def test_a_calendar_period_ends_no_earlier_than_its_last_day(start, n):
    cal = national()
    end = cal.add_calendar_days(start, n)
    assert end >= start + dt.timedelta(days=n)
    # every day between the nominal last day and the result is a day off
    day = start + dt.timedelta(days=n)
    while day < end:
        assert not cal.is_working_day(day)
        day += dt.timedelta(days=1)
