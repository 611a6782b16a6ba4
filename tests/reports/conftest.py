from __future__ import annotations

import datetime as dt

import pytest

from danvan.reports.models import ReportObligation


@pytest.fixture
def obligation(school, department):
    """A 6-month obligation of the school: data 15/12/2022 – 14/6/2023, due 15/6/2023."""
    o = ReportObligation.objects.create(
        organisation=school,
        kind="6_thang",
        title="Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 15),
        recipient=department,
    )
    o.refresh_status()
    return o


@pytest.fixture
def other_obligation(other_school, department):
    return ReportObligation.objects.create(
        organisation=other_school,
        kind="6_thang",
        title="Kết quả 6 tháng trường khác",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 15),
        recipient=department,
    )
