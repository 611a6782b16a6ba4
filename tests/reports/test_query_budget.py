"""Every report transition (sign, unsign, submit, return, accept, revise), compiling, and the transition page's
POST run within a query budget. The on-commit work (notifications) runs inside the measure."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.reports import services
from danvan.reports.choices import ReportState
from danvan.reports.models import Report

pytestmark = pytest.mark.django_db

BUDGET = 10
# Sending, returning and accepting tell the other side: the report read again for the message, its recipients,
# the notification and e-mail rows, then the e-mail sent after the commit (read, claim, mark sent) — 7 queries
# on top of the step's 7. The e-mail leaves the request once it goes through the task queue (issue #13, 8).
TELLING = 14
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _before_the_due_day():
    with time_machine.travel(dt.datetime(2023, 6, 10, 9, 0, tzinfo=HCM), tick=False):
        yield


def _loaded(report: Report) -> Report:
    qs = Report.objects.select_related(
        "organisation", "obligation__organisation", "obligation__recipient", "current_version"
    )
    return qs.get(pk=report.pk)


def _step(report, action, actor, budget, measure, on_commit, **kw):
    report = _loaded(report)
    with measure(budget), on_commit(execute=True):
        return services.transition(report, action, actor=actor, **kw)


def test_compile(obligation, clerk, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    # Compiling reads the period's figures from every source app (petitions, plans, emulation, dissemination,
    # board): 40 queries, a fixed number whatever the data (one aggregate per figure, not per row).
    with django_assert_max_num_queries(40), django_capture_on_commit_callbacks(execute=True):
        services.compile_report(obligation, actor=clerk)


def test_every_transition(
    obligation, clerk, principal, department_officer, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    m, c = django_assert_max_num_queries, django_capture_on_commit_callbacks
    report = services.compile_report(obligation, actor=clerk).report
    report = _step(report, "sign", principal, BUDGET, m, c)
    report = _step(report, "unsign", principal, BUDGET, m, c)
    report = _step(report, "sign", principal, BUDGET, m, c)
    report = _step(report, "submit", principal, TELLING, m, c)
    report = _step(report, "return", department_officer, TELLING, m, c, comment="Bổ sung số liệu")
    report = _step(report, "revise", clerk, BUDGET, m, c)
    services.compile_report(obligation, actor=clerk)
    report = _step(report, "sign", principal, BUDGET, m, c)
    report = _step(report, "submit", principal, TELLING, m, c)
    report = _step(report, "accept", department_officer, TELLING, m, c)
    assert report.state == ReportState.ACCEPTED


def test_the_transition_page_posts_within_budget(
    obligation, clerk, principal, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    services.compile_report(obligation, actor=clerk)
    client = client_for(principal)
    # The request's reads (session, user, memberships, the obligation and its report) and the signing's 8.
    with django_assert_max_num_queries(14), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_transition", args=[obligation.pk, "sign"]))
    assert response.status_code == 302
