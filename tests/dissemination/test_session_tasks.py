"""The study-session form offers the tasks of the school's plans in force, named with their plan and year, the
study tasks ("học tập, quán triệt") first (#12: every plan's tasks, all years, with identical labels)."""

from __future__ import annotations

import pytest

from danvan.core.testing import client_for
from danvan.dissemination import services
from tests.plans.fixtures_plans import publish, simple_plan

pytestmark = pytest.mark.django_db


def test_tasks_of_plans_in_force_are_named_with_their_plan_and_study_tasks_come_first(school, other_school, principal):
    for year in (2025, 2026):
        plan = simple_plan(school, year=year, tasks=2)
        study = plan.tasks.get(order=2)
        study.content = "Tổ chức học tập, quán triệt Chỉ thị 07-CT/TU"
        study.save()
        publish(plan)
    draft = simple_plan(school, year=2027, tasks=1)
    elsewhere = publish(simple_plan(other_school, year=2026, tasks=1))
    tasks = list(services.session_tasks(school))
    labels = [services.task_label(t) for t in tasks]
    assert len(tasks) == 4 and draft.tasks.get() not in tasks and elsewhere.tasks.get() not in tasks
    assert (
        labels[0].startswith("01/KH-THPTNK (2026) — 2. Tổ chức học tập, quán triệt")
        or "(2026) — 2. Tổ chức học tập" in labels[0]
    )
    assert "(2025) — 2. Tổ chức học tập" in labels[1]
    assert len(set(labels)) == 4
    page = client_for(principal).get("/quan-triet/buoi/moi/").content.decode()
    assert "(2025) — 2. Tổ chức học tập, quán triệt Chỉ thị 07-CT/TU" in page
    assert "(2027)" not in page
