"""Count working days and statutory periods on a precomputed calendar (no Django here).

A `WorkCalendar` is built once from the days off, the extra working days and the weekly rest
days of one organisation, over a span of years. It keeps three indexes, as compact arrays of
machine integers (`array.array`: 8 bytes a day instead of some 36 for a list of Python ints, and
a process may hold one calendar per school), by the day's offset from the first day of the span:

* ``is_work[i]``   – whether day i is a working day;
* ``cum[i]``       – how many working days lie in days 0..i (inclusive);
* ``work_idx[k]``  – the offset of the k-th working day (0-based);

so "the n-th working day after d" is ``work_idx[cum[d] + n - 1]`` and "working days in (a, b]"
is ``cum[b] - cum[a]``: O(1) for one date, one vectorised gather for a million dates. The batch
methods use NumPy arrays of the same indexes, made on their first use: NumPy (some 15 MB per
process) is loaded only by a process that computes dates in bulk (danvan/lib/lazy.py), not by
a web worker answering one deadline at a time.

Counting follows Bộ luật Dân sự 91/2015/QH13:
* a period counted in days starts on the day after the triggering day (Điều 147(1));
* a period in calendar days whose last day is a weekly rest day or public holiday ends at the
  end of the next working day (Điều 148(5));
* a period in working days counts working days only, so it always ends on a working day.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Literal

from danvan.lib.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:  # loaded on first use (danvan/lib/lazy.py): only the batch methods need it
    np = lazy_module("numpy")

__all__ = [
    "CALENDAR",
    "WORKING",
    "CalendarRangeError",
    "WorkCalendar",
    "Unit",
    "WEEKDAY_NAMES",
]

Unit = Literal["calendar", "working"]
CALENDAR: Unit = "calendar"
WORKING: Unit = "working"

# Monday = 0 … Sunday = 6, as `date.weekday()`.
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DEFAULT_REST_DAYS: frozenset[int] = frozenset({5, 6})


class CalendarRangeError(ValueError):
    """A date, or a result, falls outside the span of years the calendar was built for."""


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Describe one day: whether it is worked and why not."""

    day: dt.date
    working: bool
    reason: str  # "" for an ordinary working day
    holiday: bool = False  # a named day off (holiday, Tết, nghỉ bù), not a plain weekly rest day


class WorkCalendar:
    """Answer working-day questions for one organisation in O(1) per date."""

    def __init__(
        self,
        *,
        first_year: int,
        last_year: int,
        days_off: Mapping[dt.date, str] | Iterable[dt.date] = (),
        working_days: Mapping[dt.date, str] | Iterable[dt.date] = (),
        rest_weekdays: Iterable[int] = DEFAULT_REST_DAYS,
    ) -> None:
        """Build the indexes; `working_days` override both weekly rest and `days_off`."""
        if last_year < first_year:
            raise ValueError("last_year < first_year")
        self.first_year = first_year
        self.last_year = last_year
        self.first_day = dt.date(first_year, 1, 1)
        self.last_day = dt.date(last_year, 12, 31)
        self.rest_weekdays = frozenset(int(d) for d in rest_weekdays)
        if not self.rest_weekdays <= set(range(7)):
            raise ValueError("weekdays are 0 (Monday) … 6 (Sunday)")
        if len(self.rest_weekdays) == 7:
            raise ValueError("a week needs at least one working day")

        self.days_off: dict[dt.date, str] = _as_named(days_off, "Ngày nghỉ")
        self.working_days: dict[dt.date, str] = _as_named(working_days, "Ngày làm việc")

        self._origin = self.first_day.toordinal()
        size = self.last_day.toordinal() - self._origin + 1
        self.size = size
        first_weekday = self.first_day.weekday()
        week = bytes((first_weekday + i) % 7 not in self.rest_weekdays for i in range(7))
        is_work = bytearray((week * (size // 7 + 1))[:size])
        for i in self._offsets(self.days_off):
            is_work[i] = False
        for i in self._offsets(self.working_days):
            is_work[i] = True
        self._is_work_l = bytes(is_work)  # 1 for a working day, 0 for a day off
        self._cum_l = array("q", accumulate(is_work))
        self._work_l = array("q", (i for i, working in enumerate(is_work) if working))
        # Offset of the first working day on or after each day; -1 past the last one.
        nxt = array("q", bytes(8 * size))
        following = -1
        for i in range(size - 1, -1, -1):
            if is_work[i]:
                following = i
            nxt[i] = following
        self._next_l = nxt

    @cached_property
    def is_work(self) -> np.ndarray:
        """Whether each day of the span is a working day (NumPy, for the batch methods)."""
        return np.frombuffer(self._is_work_l, dtype=np.uint8).astype(bool)

    @cached_property
    def cum(self) -> np.ndarray:
        """How many working days lie in days 0..i (inclusive)."""
        return np.frombuffer(self._cum_l, dtype=np.int64).copy()

    @cached_property
    def work_idx(self) -> np.ndarray:
        """The offset of the k-th working day."""
        return np.frombuffer(self._work_l, dtype=np.int64).copy()

    @cached_property
    def next_work(self) -> np.ndarray:
        """The offset of the first working day on or after each day; -1 past the last one."""
        return np.frombuffer(self._next_l, dtype=np.int64).copy()

    # ------------------------------------------------------------------ helpers

    def _offsets(self, days: Iterable[dt.date]) -> list[int]:
        offsets = (d.toordinal() - self._origin for d in days)
        return [i for i in offsets if 0 <= i < self.size]

    def _offset(self, day: dt.date) -> int:
        i = day.toordinal() - self._origin
        if not 0 <= i < self.size:
            raise CalendarRangeError(
                f"{day.isoformat()} nằm ngoài lịch làm việc đã lập ({self.first_year}–{self.last_year})."
            )
        return i

    def _day(self, i: int) -> dt.date:
        return dt.date.fromordinal(i + self._origin)

    def _at(self, k: int) -> dt.date:
        """Return the k-th working day of the span (0-based)."""
        if not 0 <= k < len(self._work_l):
            raise CalendarRangeError(f"Kết quả nằm ngoài lịch làm việc đã lập ({self.first_year}–{self.last_year}).")
        return dt.date.fromordinal(self._work_l[k] + self._origin)

    # ------------------------------------------------------------------ single dates

    def is_working_day(self, day: dt.date) -> bool:
        """Return whether `day` is a working day for this calendar."""
        return bool(self._is_work_l[self._offset(day)])

    def describe(self, day: dt.date) -> DayInfo:
        """Return whether `day` is worked and, if not, why (holiday name or weekly rest)."""
        working = self.is_working_day(day)
        if working:
            return DayInfo(day, True, self.working_days.get(day, ""))
        name = self.days_off.get(day)
        return DayInfo(day, False, name or WEEKDAY_NAMES[day.weekday()], holiday=name is not None)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """Return the n-th working day after `start` (before it when n < 0).

        n = 0 gives `start` when it is a working day, otherwise the next working day.
        The triggering day itself never counts (BLDS Điều 147(1)).
        """
        i = self._offset(start)
        if n > 0:
            return self._at(self._cum_l[i] + n - 1)
        if n == 0:
            j = self._next_l[i]
            if j < 0:
                raise CalendarRangeError("Kết quả nằm ngoài lịch làm việc đã lập.")
            return self._day(j)
        before = self._cum_l[i] - self._is_work_l[i]
        return self._at(before + n)

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """Return the end of an n-day period from `start`, moved to the next working day if it is a day off.

        BLDS Điều 147(1): day 1 is the day after `start`; Điều 148(5): a last day that is a
        weekly rest day or holiday gives way to the next working day.
        """
        if n < 0:
            raise ValueError("n must be ≥ 0")
        end = start.toordinal() + n - self._origin
        if not 0 <= end < self.size:
            raise CalendarRangeError("Kết quả nằm ngoài lịch làm việc đã lập.")
        j = self._next_l[end]
        if j < 0:
            raise CalendarRangeError("Kết quả nằm ngoài lịch làm việc đã lập.")
        return self._day(j)

    def due_date(self, start: dt.date, amount: int, unit: Unit) -> dt.date:
        """Return the last day of a period of `amount` units that starts after `start`."""
        if unit == WORKING:
            return self.add_working_days(start, amount)
        if unit == CALENDAR:
            return self.add_calendar_days(start, amount)
        raise ValueError(f"unknown unit {unit!r}")

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Return the number of working days in (a, b]; negative when b < a.

        So ``working_days_between(d, add_working_days(d, n)) == n`` for every n ≥ 1.
        """
        return self._cum_l[self._offset(b)] - self._cum_l[self._offset(a)]

    def days_off_in_year(self, year: int, *, include_weekly_rest: bool = False) -> list[tuple[dt.date, str]]:
        """Return the year's days off with their names, in date order.

        Without `include_weekly_rest`, plain weekly rest days (a Saturday or Sunday with no
        holiday on it) are left out.
        """
        start = self._offset(dt.date(year, 1, 1))
        end = self._offset(dt.date(year, 12, 31))
        out: list[tuple[dt.date, str]] = []
        for i in range(start, end + 1):
            if self._is_work_l[i]:
                continue
            day = self._day(i)
            name = self.days_off.get(day)
            if name is None and not include_weekly_rest:
                continue
            out.append((day, name or WEEKDAY_NAMES[day.weekday()]))
        return out

    def month_days(self, year: int, month: int) -> list[DayInfo]:
        """Return every day of a month with its working status and reason."""
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return [self.describe(first + dt.timedelta(days=k)) for k in range((nxt - first).days)]

    # ------------------------------------------------------------------ batches

    def _batch_offsets(self, starts: np.ndarray) -> np.ndarray:
        s = np.asarray(starts)
        if s.dtype.kind != "M":
            s = s.astype("datetime64[D]")
        i = (s.astype("datetime64[D]") - np.datetime64(self.first_day, "D")).astype(np.int64)
        if i.size and (i.min() < 0 or i.max() >= self.size):
            raise CalendarRangeError("Có ngày nằm ngoài lịch làm việc đã lập.")
        return i

    def _to_dates(self, idx: np.ndarray) -> np.ndarray:
        return np.datetime64(self.first_day, "D") + idx.astype("timedelta64[D]")

    def add_working_days_batch(self, starts: np.ndarray, n: int | np.ndarray) -> np.ndarray:
        """Return `add_working_days(start, n)` for an array of ``datetime64[D]`` starts (n ≥ 1)."""
        i = self._batch_offsets(starts)
        n_arr = np.asarray(n, dtype=np.int64)
        if (n_arr < 1).any():
            raise ValueError("batch n must be ≥ 1")
        k = self.cum[i] + n_arr - 1
        if k.size and k.max() >= len(self.work_idx):
            raise CalendarRangeError("Có kết quả nằm ngoài lịch làm việc đã lập.")
        return self._to_dates(self.work_idx[k])

    def add_calendar_days_batch(self, starts: np.ndarray, n: int | np.ndarray) -> np.ndarray:
        """Return `add_calendar_days(start, n)` for an array of ``datetime64[D]`` starts."""
        i = self._batch_offsets(starts)
        n_arr = np.asarray(n, dtype=np.int64)
        if (n_arr < 0).any():
            raise ValueError("batch n must be ≥ 0")
        end = i + n_arr
        if end.size and end.max() >= self.size:
            raise CalendarRangeError("Có kết quả nằm ngoài lịch làm việc đã lập.")
        j = self.next_work[end]
        if j.size and j.min() < 0:
            raise CalendarRangeError("Có kết quả nằm ngoài lịch làm việc đã lập.")
        return self._to_dates(j)

    def due_dates_batch(self, starts: np.ndarray, amounts: int | np.ndarray, units: Unit | np.ndarray) -> np.ndarray:
        """Return due dates for arrays of starts, amounts and units (``"calendar"``/``"working"``)."""
        starts = np.asarray(starts, dtype="datetime64[D]")
        if isinstance(units, str):
            return (
                self.add_working_days_batch(starts, amounts)
                if units == WORKING
                else self.add_calendar_days_batch(starts, amounts)
            )
        units = np.asarray(units)
        amounts_arr = np.broadcast_to(np.asarray(amounts, dtype=np.int64), starts.shape)
        out = np.empty(starts.shape, dtype="datetime64[D]")
        w = units == WORKING
        if w.any():
            out[w] = self.add_working_days_batch(starts[w], amounts_arr[w])
        if (~w).any():
            out[~w] = self.add_calendar_days_batch(starts[~w], amounts_arr[~w])
        return out


def _as_named(days: Mapping[dt.date, str] | Iterable[dt.date], default: str) -> dict[dt.date, str]:
    if isinstance(days, Mapping):
        return {d: name or default for d, name in days.items()}
    return dict.fromkeys(days, default)
