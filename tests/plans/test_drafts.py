"""A draft plan is a proposal: its tasks are nobody's work yet, and a draft never in force can be deleted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed
from danvan.plans import services
from danvan.plans.choices import PlanAction, PlanStatus
from danvan.plans.models import Plan, Task
from tests.plans.fixtures_plans import SEED_NAME, publish, seed_bytes, simple_plan

pytestmark = pytest.mark.django_db

# The seed is the school's plan for 2023: on this day every one of its four tasks is past due.
LATER = dt.datetime(2024, 3, 1, 3, tzinfo=dt.UTC)


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def import_through_the_page(clerk_client) -> Plan:
    clerk_client.post(url("plan_import"), {"file": SimpleUploadedFile(SEED_NAME, seed_bytes())})
    token = clerk_client.session["danvan_plan_import"]["token"]
    clerk_client.post(url("plan_import_confirm"), {"token": token})
    return Plan.objects.get()


def tasks_panel(client) -> dict:
    panels = client.get(reverse("core:dashboard")).context["panels"]
    return {p["key"]: p["context"] for p in panels}


# ---------------------------------------------------------------- drafts count nowhere


def test_an_imported_draft_is_neither_late_on_the_dashboard_nor_in_my_tasks(clerk_client, principal_client, principal):
    with time_machine.travel(LATER, tick=False):
        plan = import_through_the_page(clerk_client)
        assert plan.status == PlanStatus.DRAFT and plan.tasks.count() == 4
        assert all(t.lead_person and t.lead_person.user == principal for t in plan.tasks.all())
        panels = tasks_panel(principal_client)
        assert panels["plans_tasks"]["late_count"] == 0
        assert "plans_my_tasks" not in panels
        assert len(principal_client.get(url("my_tasks")).context["page"]) == 0
        assert "badge late" not in principal_client.get(url("plan_detail", plan.pk)).content.decode()

        services.transition(plan, PlanAction.APPROVE, actor=principal)
        panels = tasks_panel(principal_client)
        assert panels["plans_tasks"]["late_count"] == 4
        assert len(panels["plans_my_tasks"]["tasks"]) == 4
        assert len(principal_client.get(url("my_tasks")).context["page"]) == 4
        assert "badge late" in principal_client.get(url("plan_detail", plan.pk)).content.decode()


def test_a_published_plan_being_revised_stays_in_force(school, clerk, principal):
    plan = publish(simple_plan(school))
    services.transition(plan, PlanAction.REVISE, actor=clerk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.in_force
    returned = simple_plan(school)
    services.transition(returned, PlanAction.APPROVE, actor=principal)
    services.transition(returned, PlanAction.RETURN, actor=principal)
    assert set(Task.objects.in_force()) == set(plan.tasks.all())
    late, _at_risk = services.late_and_at_risk(Task.objects.all(), on=dt.date(2023, 12, 1))
    assert {t.plan_id for t in late} == {plan.pk}


# ---------------------------------------------------------------- deleting a draft


def test_the_clerk_deletes_an_imported_draft_with_its_tasks_and_source_file(
    clerk_client,
    clerk,
    django_capture_on_commit_callbacks,
):
    plan = import_through_the_page(clerk_client)
    source, task_ids = plan.source_file.name, list(plan.tasks.values_list("pk", flat=True))
    assert default_storage.exists(source)
    page = clerk_client.get(url("plan_detail", plan.pk)).content.decode()
    assert url("plan_delete", plan.pk) in page and 'data-confirm="Xóa dự thảo kế hoạch này' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url("plan_delete", plan.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("plan_list")
    assert "Đã xóa dự thảo" in response.content.decode()
    assert not Plan.objects.exists() and not Task.objects.filter(pk__in=task_ids).exists()
    assert not default_storage.exists(source)
    event = AuditEvent.objects.get(code="plans.plan.deleted", object_id=str(plan.pk))
    assert event.actor == clerk and event.changes["title"][0] == plan.title
    assert AuditEvent.objects.filter(code="plans.task.deleted", actor=clerk).count() == 4


@pytest.mark.parametrize("state", ["approved", "published", "revised"])
def test_a_plan_that_was_approved_or_published_is_kept(school, clerk, principal, clerk_client, state):
    plan = simple_plan(school)
    services.transition(plan, PlanAction.APPROVE, actor=principal)
    if state != "approved":
        services.transition(plan, PlanAction.PUBLISH, actor=principal)
    if state == "revised":
        services.transition(plan, PlanAction.REVISE, actor=clerk)
    assert url("plan_delete", plan.pk) not in clerk_client.get(url("plan_detail", plan.pk)).content.decode()
    response = clerk_client.post(url("plan_delete", plan.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("plan_detail", plan.pk)
    assert "Chỉ xóa được dự thảo chưa từng được duyệt hay ban hành" in response.content.decode()
    assert Plan.objects.filter(pk=plan.pk).exists() and plan.tasks.count() == 2
    with pytest.raises(services.PlanError):
        services.delete_plan(plan, actor=None)


def test_a_draft_returned_before_publication_may_be_deleted(school, principal):
    plan = simple_plan(school)
    services.transition(plan, PlanAction.APPROVE, actor=principal)
    services.transition(plan, PlanAction.RETURN, actor=principal)
    services.delete_plan(plan, actor=principal)
    assert not Plan.objects.filter(pk=plan.pk).exists()


def test_deleting_is_isolated_needs_plans_edit_and_a_post(school, other_principal, teacher, principal):
    plan = simple_plan(school)
    assert_isolated(other_principal, [url("plan_delete", plan.pk)], methods=("post",))
    assert_forbidden(teacher, [url("plan_delete", plan.pk)])
    assert_method_not_allowed(principal, url("plan_delete", plan.pk), "get")
    assert Plan.objects.filter(pk=plan.pk).exists()
    with pytest.raises(services.PlanError):
        services.delete_plan(plan, actor=other_principal)
    assert Plan.objects.filter(pk=plan.pk).exists()
