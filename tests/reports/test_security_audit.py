"""When a Department campaign moves a school's own obligation to its due date, the school's trail says so."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.models import AuditEvent
from danvan.reports import services
from danvan.reports.choices import ObligationKind

pytestmark = pytest.mark.django_db


def test_the_adopted_obligation_records_its_new_due_date_and_campaign(
    department, school, other_school, clerk, department_officer
):
    ours = services.create_obligation(
        school,
        actor=clerk,
        kind=ObligationKind.SIX_MONTH,
        title="Báo cáo 6 tháng",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 30),
    )
    services.create_campaign(
        department,
        actor=department_officer,
        kind=ObligationKind.SIX_MONTH,
        title="",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 20),
    )
    changes = [e.changes for e in AuditEvent.objects.for_object(ours)]
    assert ["2023-06-30", "2023-06-20"] in [c.get("due") for c in changes]
    assert any("campaign" in c for c in changes)
