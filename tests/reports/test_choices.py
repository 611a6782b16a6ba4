from __future__ import annotations

import datetime as dt

import pytest

from danvan.reports.choices import (
    REPORT_TRANSITIONS,
    ObligationKind,
    ObligationStatus,
    ReportAction,
    ReportState,
    allowed_actions,
    default_period,
    derive_status,
)

EXPECTED = {
    (ReportState.DRAFT, ReportAction.SIGN): (ReportState.SIGNED, "reports.sign"),
    (ReportState.SIGNED, ReportAction.UNSIGN): (ReportState.DRAFT, "reports.sign"),
    (ReportState.SIGNED, ReportAction.SUBMIT): (ReportState.SUBMITTED, "reports.sign"),
    (ReportState.SUBMITTED, ReportAction.ACCEPT): (ReportState.ACCEPTED, "reports.review"),
    (ReportState.SUBMITTED, ReportAction.RETURN): (ReportState.RETURNED, "reports.review"),
    (ReportState.RETURNED, ReportAction.REVISE): (ReportState.DRAFT, "reports.edit"),
}


def test_the_transitions_table_is_exactly_the_documented_workflow():
    assert REPORT_TRANSITIONS == EXPECTED


@pytest.mark.parametrize("state", ReportState.values)
def test_allowed_actions_follow_the_table(state):
    assert allowed_actions(state) == [a for (s, a) in EXPECTED if s == state]


def test_an_accepted_report_is_final():
    assert allowed_actions(ReportState.ACCEPTED) == []


DUE = dt.date(2023, 6, 15)


@pytest.mark.parametrize(
    ("state", "today", "late", "expected"),
    [
        (None, dt.date(2023, 6, 1), None, ObligationStatus.NOT_STARTED),
        (None, DUE, None, ObligationStatus.NOT_STARTED),
        (None, dt.date(2023, 6, 16), None, ObligationStatus.MISSING),
        (ReportState.DRAFT, dt.date(2023, 6, 1), None, ObligationStatus.DRAFT),
        (ReportState.DRAFT, dt.date(2023, 6, 16), None, ObligationStatus.MISSING),
        (ReportState.SIGNED, dt.date(2023, 6, 1), None, ObligationStatus.SIGNED),
        (ReportState.SIGNED, dt.date(2023, 7, 1), None, ObligationStatus.MISSING),
        (ReportState.SUBMITTED, dt.date(2023, 7, 1), False, ObligationStatus.ON_TIME),
        (ReportState.SUBMITTED, dt.date(2023, 7, 1), True, ObligationStatus.LATE),
        (ReportState.RETURNED, dt.date(2023, 7, 1), False, ObligationStatus.RETURNED),
        (ReportState.ACCEPTED, dt.date(2023, 7, 1), True, ObligationStatus.ACCEPTED),
    ],
)
def test_the_status_is_derived_from_state_and_dates(state, today, late, expected):
    assert derive_status(state, DUE, today, submitted_late=late) == expected


@pytest.mark.parametrize(
    ("kind", "due", "start", "end"),
    [
        (ObligationKind.SIX_MONTH, dt.date(2023, 6, 15), dt.date(2022, 12, 15), dt.date(2023, 6, 14)),
        (ObligationKind.ANNUAL, dt.date(2023, 12, 20), dt.date(2022, 12, 15), dt.date(2023, 12, 14)),
    ],
)
def test_default_periods_follow_decree_09_2019(kind, due, start, end):
    assert default_period(kind, due) == (start, end)


def test_an_annual_report_due_10_december_holds_data_to_the_end_of_november():
    # The Sở wants the annual report before 10/12 (domain.md §3.3): its data cannot run to 14/12.
    assert default_period(ObligationKind.ANNUAL, dt.date(2026, 12, 10)) == (
        dt.date(2025, 12, 15),
        dt.date(2026, 11, 30),
    )
