"""Every plan transition, a task's progress report, and the transition page's POST run within a query budget.

The on-commit work (notifications of the people concerned) runs inside the measure: a request pays for it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.plans import services
from danvan.plans.choices import PlanAction, PlanStatus
from danvan.plans.models import Plan
from tests.plans.fixtures_plans import publish, simple_plan

pytestmark = pytest.mark.django_db

BUDGET = 10


def _loaded(plan: Plan) -> Plan:
    return Plan.objects.select_related("organisation").get(pk=plan.pk)


@pytest.mark.parametrize(("action", "before"), [("approve", None), ("return", "approve")])
def test_approve_and_return(
    school, principal, action, before, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    plan = simple_plan(school)
    if before:
        services.transition(plan, before, actor=principal)
    plan = _loaded(plan)
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.transition(plan, action, actor=principal)


def test_publish(school, principal, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    plan = simple_plan(school)
    services.transition(plan, PlanAction.APPROVE, actor=principal)
    plan = _loaded(plan)
    # Publishing numbers the plan (its number and the check that no plan in force has it), writes its dispatch
    # list and the revision's snapshot (the whole plan: tasks, periods, references, report deadlines), then tells
    # the schools and derives the report obligations: 21 queries, each a record the publication must leave.
    with django_assert_max_num_queries(22), django_capture_on_commit_callbacks(execute=True):
        services.transition(plan, PlanAction.PUBLISH, actor=principal)
    assert _loaded(plan).status == PlanStatus.PUBLISHED


def test_revise(school, clerk, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    plan = _loaded(publish(simple_plan(school)))
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.transition(plan, PlanAction.REVISE, actor=clerk)


def test_a_task_progress_report(
    school, principal, clerk, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    task = publish(simple_plan(school)).tasks.select_related("organisation", "plan").first()
    task.lead_person = principal.person
    task.save(update_fields=["lead_person"])
    with time_machine.travel(dt.datetime(2023, 12, 7, 3, tzinfo=dt.UTC), tick=False):
        # The update row and its entry, the task and its entry; then the lead is told (notification, e-mail row)
        # and the e-mail goes out after the commit (read, claim, mark sent): 13 (15 before).
        with django_assert_max_num_queries(13), django_capture_on_commit_callbacks(execute=True):
            services.record_task_update(task, actor=clerk, status="done", progress=100, done_on=dt.date(2023, 11, 20))


def test_the_transition_page_posts_within_budget(
    school, principal, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    plan = simple_plan(school)
    client = client_for(principal)
    client.get(reverse("plans:plan_detail", args=[plan.pk]))
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:plan_transition", args=[plan.pk, "approve"]))
    assert response.status_code == 302
    assert _loaded(plan).status == PlanStatus.APPROVED
