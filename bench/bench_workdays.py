"""Benchmark the working-day engine: single deadlines per second, against `holidays`, and a 1,000,000-deadline recompute.

Run: .venv/bin/python bench/bench_workdays.py
Targets (issue): ≥ 20× faster than holidays.HolidayBase.get_nth_working_day; ≤ 5 s for 1,000,000 deadlines.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(USE_I18N=False, USE_TZ=True, TIME_ZONE="Asia/Ho_Chi_Minh")
    django.setup()

import holidays  # noqa: E402

from danvan.workdays.official import OFFICIAL_CHANGES  # noqa: E402
from danvan.workdays.rules import RULES  # noqa: E402
from danvan.workdays.services import compose_calendar, package_calendar  # noqa: E402

SPAN = (2000, 2060)


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def main() -> None:
    rng = np.random.default_rng(2024)
    build_s, cal = timed(compose_calendar, OFFICIAL_CHANGES, span=SPAN)
    print(f"build calendar 2000–2060 (holidays package + official changes): {build_s * 1000:.1f} ms")

    # ---- single computations
    n_single = 200_000
    offsets = rng.integers(0, 365 * 10, n_single)
    base = dt.date(2020, 1, 1)
    starts = [base + dt.timedelta(days=int(o)) for o in offsets]
    rules = [RULES[i % len(RULES)] for i in range(n_single)]

    t0 = time.perf_counter()
    for s, r in zip(starts, rules, strict=True):
        cal.due_date(s, r.amount, r.unit)
    single_s = time.perf_counter() - t0
    per_sec = n_single / single_s
    print(f"single deadlines (mixed rules): {per_sec:,.0f} /s ({single_s * 1e6 / n_single:.2f} µs each)")

    t0 = time.perf_counter()
    for s in starts:
        cal.add_working_days(s, 10)
    ours_s = time.perf_counter() - t0
    ours_rate = n_single / ours_s

    vn = holidays.country_holidays("VN", years=range(2019, 2032))
    n_pkg = 20_000
    t0 = time.perf_counter()
    for s in starts[:n_pkg]:
        vn.get_nth_working_day(s, 10)
    pkg_s = time.perf_counter() - t0
    pkg_rate = n_pkg / pkg_s
    mismatches = sum(vn.get_nth_working_day(s, 10) != cal.add_working_days(s, 10) for s in starts[:2000])
    print(
        f"10th working day — ours: {ours_rate:,.0f} /s; holidays.get_nth_working_day: {pkg_rate:,.0f} /s; "
        f"ratio {ours_rate / pkg_rate:,.1f}× (target ≥ 20×); disagreements on 2,000 dates: {mismatches}"
    )

    # ---- batch recompute after a calendar change
    n_batch = 1_000_000
    b_starts = np.datetime64("2023-01-01") + rng.integers(0, 365 * 4, n_batch).astype("timedelta64[D]")
    pick = rng.integers(0, len(RULES), n_batch)
    amounts = np.array([r.amount for r in RULES])[pick]
    units = np.array([r.unit for r in RULES])[pick]
    package_calendar.cache_clear()  # cold: the holidays package is read again too
    t0 = time.perf_counter()
    cal2 = compose_calendar(OFFICIAL_CHANGES, rest_weekdays=(5, 6), span=SPAN)  # the change: rebuild the indexes
    due = cal2.due_dates_batch(b_starts, amounts, units)
    batch_s = time.perf_counter() - t0
    assert due.shape == (n_batch,)
    sample = rng.integers(0, n_batch, 1000)
    assert all(cal2.due_date(b_starts[i].item(), int(amounts[i]), str(units[i])) == due[i].item() for i in sample)
    print(
        f"recompute {n_batch:,} open deadlines after a calendar change (rebuild + batch): {batch_s:.3f} s (target ≤ 5 s)"
    )


if __name__ == "__main__":
    main()
