"""The stats contract the reports app relies on: keys, period overlap, late at the end date, few queries."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.plans.choices import PlanStatus, TaskStatus
from danvan.plans.models import Evidence, Task
from danvan.plans.stats import plan_stats_by_org, task_stats
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db

H1 = (dt.date(2023, 1, 1), dt.date(2023, 6, 30))


def _set(task: Task, status: str, progress: int, completed_on: dt.date | None = None) -> None:
    Task.objects.filter(pk=task.pk).update(status=status, progress=progress, completed_on=completed_on)


@pytest.fixture
def four_tasks(school):
    """Quarters 1–4 of 2023: Q1 done late, Q2 in progress, Q3 not started, Q4 done on time."""
    plan = simple_plan(school, tasks=4, status=PlanStatus.PUBLISHED)  # in force: its tasks are counted
    q1, q2, q3, q4 = plan.tasks.order_by("order")
    _set(q1, TaskStatus.DONE, 100, dt.date(2023, 4, 5))
    _set(q2, TaskStatus.IN_PROGRESS, 40)
    _set(q4, TaskStatus.DONE, 100, dt.date(2023, 12, 1))
    Evidence.objects.create(organisation=school, task=q1, name="bien-ban.pdf", kind="pdf", file="x.pdf")
    Evidence.objects.create(organisation=school, task=q1, name="anh.png", kind="png", file="y.png")
    return plan


def test_it_counts_tasks_with_a_period_in_the_interval(school, four_tasks):
    s = task_stats([school.pk], *H1)
    assert {k: s[k] for k in ("total", "done", "done_late", "in_progress", "not_started", "late")} == {
        "total": 2,
        "done": 1,
        "done_late": 1,
        "in_progress": 1,
        "not_started": 0,
        "late": 1,
    }
    row = s["tasks"][0]
    assert set(row) == {
        "id",
        "plan_id",
        "plan_title",
        "no",
        "content",
        "status",
        "progress",
        "due_on",
        "completed_on",
        "evidence_count",
        "late",
    }
    assert row["evidence_count"] == 2
    assert s["tasks"][1]["evidence_count"] == 0


def test_late_means_open_and_past_due_at_the_end_date(school, four_tasks):
    whole_year = task_stats([school.pk], dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert whole_year["total"] == 4
    assert whole_year["late"] == 2
    assert [t["late"] for t in whole_year["tasks"]] == [False, True, True, False]
    on_due_day = task_stats([school.pk], dt.date(2023, 6, 1), dt.date(2023, 6, 28))
    assert on_due_day["late"] == 0


def test_it_ignores_other_schools(school, other_school, four_tasks):
    simple_plan(other_school, tasks=2, status=PlanStatus.PUBLISHED)
    assert task_stats([school.pk], *H1)["total"] == 2
    assert task_stats([school.pk, other_school.pk], *H1)["total"] == 4


def test_task_stats_is_one_query(school, four_tasks, django_assert_num_queries):
    with django_assert_num_queries(1):
        task_stats([school.pk], dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_plan_stats_by_org_is_one_grouped_query(
    school, other_school, department, four_tasks, django_assert_num_queries
):
    simple_plan(other_school, tasks=1, status=PlanStatus.PUBLISHED)
    with django_assert_num_queries(1):
        out = plan_stats_by_org([school.pk, other_school.pk, department.pk], dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert out[school.pk] == {"total": 4, "done": 2, "late": 2}
    assert out[other_school.pk] == {"total": 1, "done": 0, "late": 1}
    assert out[department.pk] == {"total": 0, "done": 0, "late": 0}


def test_a_draft_plans_tasks_are_not_counted(school, four_tasks):
    simple_plan(school, tasks=2)  # a second plan still in draft
    assert task_stats([school.pk], *H1)["total"] == 2
    assert plan_stats_by_org([school.pk], *H1)[school.pk]["total"] == 2
