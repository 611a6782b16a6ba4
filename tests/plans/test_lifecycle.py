"""Plan lifecycle: the transitions table, read-only publication, revisions and their differences, clone, cascade."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.core.models import AuditEvent
from danvan.notify.models import Notification
from danvan.plans import services
from danvan.plans.choices import PLAN_TRANSITIONS, PlanAction, PlanStatus, allowed_actions
from danvan.plans.models import Plan, PlanRevision, TaskPeriod
from danvan.plans.signals import plan_published
from tests.plans.fixtures_plans import publish, simple_plan

pytestmark = pytest.mark.django_db

D, A, P = PlanStatus.DRAFT, PlanStatus.APPROVED, PlanStatus.PUBLISHED
APPROVE, RETURN, PUBLISH, REVISE = PlanAction.APPROVE, PlanAction.RETURN, PlanAction.PUBLISH, PlanAction.REVISE

# (from, action, to or None when refused)
TABLE = [
    (D, APPROVE, A),
    (D, PUBLISH, None),
    (D, RETURN, None),
    (D, REVISE, None),
    (A, PUBLISH, P),
    (A, RETURN, D),
    (A, APPROVE, None),
    (A, REVISE, None),
    (P, REVISE, D),
    (P, APPROVE, None),
    (P, PUBLISH, None),
    (P, RETURN, None),
]


def test_the_transitions_table_is_exactly_the_documented_one():
    assert {(s, a): t for s, a, t in TABLE if t} == {k: v[0] for k, v in PLAN_TRANSITIONS.items()}
    assert allowed_actions(D) == [APPROVE]


@pytest.mark.parametrize(("source", "action", "target"), TABLE)
def test_it_follows_the_transitions_table(school, principal, source, action, target):
    plan = simple_plan(school, status=source)
    if target is None:
        with pytest.raises(services.PlanError):
            services.transition(plan, action, actor=principal)
        plan.refresh_from_db()
        assert plan.status == source
    else:
        plan = services.transition(plan, action, actor=principal)
        assert plan.status == target


@pytest.mark.parametrize(("user", "action"), [("clerk", APPROVE), ("teacher", APPROVE), ("other_principal", APPROVE)])
def test_it_refuses_a_transition_without_the_permission(request, school, user, action):
    plan = simple_plan(school)
    with pytest.raises(services.PlanError):
        services.transition(plan, action, actor=request.getfixturevalue(user))


def test_publishing_numbers_dates_and_snapshots_the_plan(school, principal, django_capture_on_commit_callbacks):
    simple_plan(school, number=4, date=dt.date(2026, 2, 1))
    plan = simple_plan(school)
    sent = []
    plan_published.connect(lambda sender, plan, **kw: sent.append(plan), weak=False, dispatch_uid="t1")
    try:
        with (
            time_machine.travel(dt.datetime(2026, 3, 2, 3, tzinfo=dt.UTC), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.transition(plan, APPROVE, actor=principal)
            plan = services.transition(plan, PUBLISH, actor=principal)
    finally:
        plan_published.disconnect(dispatch_uid="t1")
    assert plan.number == 5
    assert plan.date == dt.date(2026, 3, 2)
    assert sent == [plan]
    rev = PlanRevision.objects.get(plan=plan)
    assert rev.number == 1
    assert rev.snapshot["number"] == "05/KH-THPTNK"
    assert len(rev.snapshot["tasks"]) == 2


def test_a_published_plan_is_read_only(school, clerk):
    plan = publish(simple_plan(school))
    with pytest.raises(services.PlanError):
        services.update_plan(plan, {"title": "Khác"}, actor=clerk)
    with pytest.raises(services.PlanError):
        services.save_task(plan, actor=clerk, content="Việc mới")
    with pytest.raises(services.PlanError):
        services.delete_task(plan.tasks.first(), actor=clerk)
    with pytest.raises(services.PlanError):
        services.move_task(plan.tasks.last(), -1, actor=clerk)


def test_a_revision_goes_back_to_draft_and_shows_the_difference(school, clerk, principal):
    plan = publish(simple_plan(school))
    plan = services.transition(plan, REVISE, actor=clerk)
    assert (plan.status, plan.revision) == (D, 2)
    services.update_plan(plan, {"title": "Kế hoạch công tác dân vận năm 2023 (sửa đổi)"}, actor=clerk)
    task = plan.tasks.get(order=2)
    services.save_task(
        plan,
        actor=clerk,
        task=task,
        content="Nhiệm vụ số 2, bổ sung",
        lead="Hiệu trưởng",
        units_text=["BGH"],
        timing="Quý 2",
        periods=[(dt.date(2023, 4, 1), dt.date(2023, 6, 30))],
    )
    history = services.revision_history(plan)
    draft = history[0]
    assert draft["revision"] is None
    labels = [c.label for c in draft["changes"]]
    assert "Trích yếu" in labels and "Nhiệm vụ 2" in labels and "Nhiệm vụ 1" not in labels
    task_diff = next(c for c in draft["changes"] if c.label == "Nhiệm vụ 2")
    assert "-content: Nhiệm vụ số 2" in task_diff.lines
    assert "+content: Nhiệm vụ số 2, bổ sung" in task_diff.lines
    services.transition(plan, APPROVE, actor=principal)
    plan = services.transition(Plan.objects.get(pk=plan.pk), PUBLISH, actor=principal)
    assert list(plan.revisions.values_list("number", flat=True)) == [1, 2]
    history = services.revision_history(plan)
    assert [h["revision"].number for h in history] == [2, 1]
    assert history[1]["changes"] is None
    assert any(c.label == "Trích yếu" for c in history[0]["changes"])


def test_clone_moves_periods_deadlines_and_the_year_in_the_title(school, clerk):
    plan = simple_plan(school)
    task = plan.tasks.get(order=1)
    TaskPeriod.objects.create(task=task, start=dt.date(2024, 2, 29), end=dt.date(2024, 2, 29))
    plan.report_deadlines.create(organisation=school, name="Báo cáo 6 tháng", due=dt.date(2023, 6, 15))
    copy = services.clone_plan(plan, actor=clerk)
    assert copy.year == 2024
    assert copy.title == "Kế hoạch công tác dân vận năm 2024"
    assert copy.status == D and copy.number is None
    periods = list(TaskPeriod.objects.filter(task__plan=copy).order_by("start").values_list("start", "end"))
    assert periods[0] == (dt.date(2024, 1, 1), dt.date(2024, 3, 28))
    assert (dt.date(2025, 2, 28), dt.date(2025, 2, 28)) in periods
    assert list(copy.report_deadlines.values_list("due", flat=True)) == [dt.date(2024, 6, 15)]
    assert copy.tasks.get(order=1).due_on == dt.date(2025, 2, 28)
    assert all(t.progress == 0 and t.status == "not_started" for t in copy.tasks.all())


def test_cascade_creates_draft_plans_in_the_chosen_schools(department, school, other_school, department_officer):
    dept_plan = publish(simple_plan(department, number=9))
    created = services.cascade_to_schools(dept_plan, [school, other_school], actor=department_officer)
    assert {p.organisation for p in created} == {school, other_school}
    child = next(p for p in created if p.organisation == school)
    assert child.parent == dept_plan
    assert child.status == D
    assert child.parent_number == "09/KH-SGDĐT"
    assert child.symbol == "KH-THPTNK"
    assert [t.content for t in child.tasks.order_by("order")] == ["Nhiệm vụ số 1", "Nhiệm vụ số 2"]
    assert all(t.organisation == school for t in child.tasks.all())
    assert child.tasks.first().units.get().code == "BGH"
    assert child.tasks.first().units.get().tenant == school
    # Running again skips schools that already have it.
    assert services.cascade_to_schools(dept_plan, [school], actor=department_officer) == []


def test_the_school_is_told_when_the_department_cascades_its_plan(
    department, school, department_officer, principal, clerk, teacher, django_capture_on_commit_callbacks
):

    dept_plan = publish(simple_plan(department, number=9))
    with django_capture_on_commit_callbacks(execute=True):
        (child,) = services.cascade_to_schools(dept_plan, [school], actor=department_officer)
    told = {n.recipient for n in Notification.objects.filter(url__endswith=f"/{child.pk}/")}
    assert {principal, clerk} <= told and teacher not in told


def test_the_lead_is_told_when_a_task_is_reported_done(school, principal, clerk, django_capture_on_commit_callbacks):
    task = simple_plan(school).tasks.first()
    task.lead_person = principal.person
    task.save(update_fields=["lead_person"])
    with time_machine.travel(dt.datetime(2023, 12, 7, 3, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.record_task_update(task, actor=clerk, status="in_progress", progress=40)
        assert not Notification.objects.filter(recipient=principal).exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.record_task_update(task, actor=clerk, status="done", progress=100, done_on=dt.date(2023, 11, 20))
    note = Notification.objects.get(recipient=principal)
    assert note.subject.startswith("Nhiệm vụ 1 đã hoàn thành") and "20/11/2023" in note.body


def test_cascade_needs_plans_edit_on_the_department(department, school, principal):
    dept_plan = publish(simple_plan(department))
    with pytest.raises(services.PlanError):
        services.cascade_to_schools(dept_plan, [school], actor=principal)


def test_cascade_refuses_a_draft_or_a_school_plan(department, school, other_school, department_officer):
    with pytest.raises(services.PlanError):
        services.cascade_to_schools(simple_plan(department), [school], actor=department_officer)
    with pytest.raises(services.PlanError):
        services.cascade_to_schools(publish(simple_plan(school)), [other_school], actor=department_officer)


def test_changing_a_tasks_periods_is_recorded_in_its_trail(school, clerk):
    plan = simple_plan(school)
    task = plan.tasks.get(order=1)
    services.save_task(
        plan,
        actor=clerk,
        task=task,
        content=task.content,
        timing="Quý 2",
        periods=[(dt.date(2023, 4, 1), dt.date(2023, 6, 30))],
    )
    event = AuditEvent.objects.for_object(task).get(code="plans.task.periods_changed")
    assert event.changes == {"periods": [["01/01/2023–28/03/2023"], ["01/04/2023–30/06/2023"]]}
    assert event.actor == clerk
