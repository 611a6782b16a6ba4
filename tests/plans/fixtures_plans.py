"""Fixtures shared by the plans tests (imported explicitly: conftest.py belongs to the parser's tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.plans import services
from danvan.plans.choices import PlanAction
from danvan.plans.models import Plan, Task, TaskPeriod
from tests.conftest import SEED_PLAN

SEED_NAME = SEED_PLAN.name


def seed_bytes() -> bytes:
    return SEED_PLAN.read_bytes()


def import_seed(school, actor=None, create_units=()) -> Plan:
    preview = services.preview_import(seed_bytes(), SEED_NAME, school)
    return services.import_plan(preview.data, organisation=school, actor=actor, create_units=create_units)


def publish(plan: Plan) -> Plan:
    plan = services.transition(plan, PlanAction.APPROVE, actor=None)
    return services.transition(plan, PlanAction.PUBLISH, actor=None)


def simple_plan(org, *, year: int = 2023, tasks: int = 2, **kw) -> Plan:
    """Create a small plan directly (no parser): tasks with one quarter each."""
    plan = Plan.objects.create(
        organisation=org, year=year, title=f"Kế hoạch công tác dân vận năm {year}", symbol=f"KH-{org.code}", **kw
    )
    for i in range(1, tasks + 1):
        start = dt.date(year, 3 * i - 2, 1)
        end = dt.date(year, 3 * i, 28)
        task = Task.objects.create(
            organisation=org,
            plan=plan,
            order=i,
            no=str(i),
            content=f"Nhiệm vụ số {i}",
            lead="Hiệu trưởng",
            units_text=["BGH"],
            timing=f"Quý {i}",
            due_on=end,
        )
        TaskPeriod.objects.create(task=task, start=start, end=end)
    return plan


@pytest.fixture
def seed_plan(school, clerk):
    return import_seed(school, actor=clerk)
