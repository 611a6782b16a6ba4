"""The demo loader: the seed plan published in THPTNK with one task done (with evidence), some in progress, one late."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.org import demo as org_demo
from danvan.plans.choices import PlanStatus, TaskStatus
from danvan.plans.demo import load_demo_plan
from danvan.plans.models import Evidence, Plan

pytestmark = pytest.mark.django_db


def test_the_demo_imports_the_seed_once_with_realistic_progress():
    org_demo.load()
    load_demo_plan()
    load_demo_plan()
    plan = Plan.objects.get()
    assert plan.organisation.code == "THPTNK"
    assert (plan.year, plan.status, plan.number_symbol) == (2023, PlanStatus.PUBLISHED, "01/KH-THPTNK")
    assert plan.date == dt.date(2023, 2, 10)
    tasks = list(plan.tasks.order_by("order"))
    assert len(tasks) == 4
    assert tasks[0].status == TaskStatus.DONE and not tasks[0].done_late
    assert Evidence.objects.filter(task=tasks[0], kind="pdf").count() == 1
    assert tasks[1].status == TaskStatus.IN_PROGRESS
    assert tasks[3].status == TaskStatus.NOT_STARTED and tasks[3].is_late
    assert plan.report_deadlines.count() == 2
    assert plan.revisions.count() == 1
