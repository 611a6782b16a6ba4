"""The demo loader: the seed plan of 2023 (finished) and this year's plan carried forward with realistic progress."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.org import demo as org_demo
from danvan.plans.choices import PlanStatus, TaskStatus
from danvan.plans.demo import load_demo_plan
from danvan.plans.models import Evidence, Plan

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC), tick=False)
def test_the_demo_imports_the_seed_once_and_carries_it_to_this_year():
    org_demo.load()
    load_demo_plan()
    load_demo_plan()
    plan = Plan.objects.get(year=2023)
    assert plan.organisation.code == "THPTNK"
    assert (plan.status, plan.number_symbol) == (PlanStatus.PUBLISHED, "01/KH-THPTNK")
    assert plan.date == dt.date(2023, 2, 10)
    tasks = list(plan.tasks.order_by("order"))
    assert len(tasks) == 4
    assert all(t.status == TaskStatus.DONE and not t.is_late for t in tasks)
    assert Evidence.objects.filter(task=tasks[0], kind="pdf").count() == 1
    assert plan.report_deadlines.count() == 2
    assert plan.revisions.count() == 1

    current = Plan.objects.get(year=2026)
    assert Plan.objects.count() == 2  # no leftover drafts of the years in between
    assert current.status == PlanStatus.PUBLISHED and "2026" in current.title
    tasks = list(current.tasks.order_by("order"))
    assert tasks[0].status == TaskStatus.DONE
    assert Evidence.objects.filter(task=tasks[0]).count() == 1
    assert tasks[1].is_late and tasks[1].due_on == dt.date(2026, 6, 30)
    assert not tasks[2].is_late and tasks[2].status == TaskStatus.IN_PROGRESS
