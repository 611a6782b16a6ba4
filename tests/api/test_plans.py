"""Plans and tasks endpoints: scoping, filters, the progress update service, JSON shapes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.plans import services
from danvan.plans.choices import PlanStatus
from danvan.plans.models import TaskUpdate
from tests.api.conftest import API, post_json

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_callers_plans_with_a_count(api_principal, plans):
    body = api_principal.get(f"{API}/plans").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == plans["ours"].pk
    assert set(item) == {"id", "organisation", "year", "number", "date", "title", "status", "status_label", "revision"}
    assert item["organisation"]["id"] == plans["ours"].organisation_id
    assert item["status"] == "draft" and item["status_label"] == "Dự thảo"


def test_it_filters_plans_by_words_without_diacritics_and_status(api_principal, plans):
    assert api_principal.get(f"{API}/plans", {"q": "cong tac dan van"}).json()["count"] == 1
    assert api_principal.get(f"{API}/plans", {"q": "khong co"}).json()["count"] == 0
    assert api_principal.get(f"{API}/plans", {"status": "published"}).json()["count"] == 0


def test_the_department_sees_its_schools_plans(api_department, plans):
    assert api_department.get(f"{API}/plans").json()["count"] == 2


def test_it_shows_a_plan_with_its_tasks_and_periods(api_principal, plans):
    body = api_principal.get(f"{API}/plans/{plans['ours'].pk}").json()
    assert [t["content"] for t in body["tasks"]] == ["Tổ chức hội nghị quán triệt", "Báo cáo sơ kết học kỳ"]
    assert body["tasks"][0]["late"] is True
    assert body["tasks"][0]["periods"][0]["start"].count("-") == 2  # ISO 8601
    assert set(body["sections"]) == {"purposes", "requirements", "regular_tasks", "implementation"}


def test_another_school_gets_404_for_a_plan_and_its_tasks(api_other, plans):
    assert api_other.get(f"{API}/plans/{plans['ours'].pk}").status_code == 404
    assert api_other.get(f"{API}/tasks/{plans['late'].pk}").status_code == 404
    response = post_json(api_other, f"{API}/tasks/{plans['late'].pk}/updates", {"status": "done", "progress": 100})
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy."


def _in_force(plan):
    type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)


def test_it_lists_late_tasks(api_principal, plans):
    _in_force(plans["ours"])
    body = api_principal.get(f"{API}/tasks", {"late": 1}).json()
    assert [t["id"] for t in body["items"]] == [plans["late"].pk]
    assert body["count"] == 1


def test_a_draft_plans_tasks_are_neither_mine_nor_late_yet(api_principal, school, plans):
    _in_force(plans["ours"])
    today = timezone.localdate()
    draft = services.create_plan(school, {"year": today.year, "title": "Dự thảo kế hoạch"}, actor=None)
    services.save_task(
        draft,
        actor=None,
        content="Việc của dự thảo",
        units_text=["BGH"],
        periods=[(today - dt.timedelta(days=30), today - dt.timedelta(days=2))],
    )
    assert [t["id"] for t in api_principal.get(f"{API}/tasks", {"late": 1}).json()["items"]] == [plans["late"].pk]
    assert [t["id"] for t in api_principal.get(f"{API}/tasks", {"mine": 1}).json()["items"]] == [plans["late"].pk]


def test_it_lists_my_tasks_through_the_plans_service(api_principal, api_teacher, plans):
    _in_force(plans["ours"])
    mine = api_principal.get(f"{API}/tasks", {"mine": 1}).json()
    # The principal belongs to BGH, the unit of the late task.
    assert [t["id"] for t in mine["items"]] == [plans["late"].pk]
    assert api_teacher.get(f"{API}/tasks", {"mine": 1}).json()["count"] == 0


def test_a_teacher_gets_403_when_updating_a_task_they_are_not_in_charge_of(api_teacher, plans):
    response = post_json(api_teacher, f"{API}/tasks/{plans['late'].pk}/updates", {"status": "done", "progress": 100})
    assert response.status_code == 403
    assert "phụ trách" in response.json()["detail"]
    assert not TaskUpdate.objects.exists()


def test_the_principal_records_progress_through_the_service(api_principal, plans, principal):
    response = post_json(
        api_principal,
        f"{API}/tasks/{plans['late'].pk}/updates",
        {"status": "in_progress", "progress": 100, "note": "Đã tổ chức"},
    )
    assert response.status_code == 201
    body = response.json()
    # The service keeps status and percentage consistent: 100% is done.
    assert body["status"] == "done" and body["progress"] == 100
    assert body["task"]["status"] == "done" and body["task"]["late"] is False
    assert body["author"]["id"] == principal.pk
    update = TaskUpdate.objects.get()
    assert update.author == principal and update.note == "Đã tổ chức"


def test_a_token_update_is_audited_in_the_token_users_name(api_principal, plans, principal):
    post_json(api_principal, f"{API}/tasks/{plans['late'].pk}/updates", {"status": "done", "progress": 100})
    created = AuditEvent.objects.filter(code="plans.taskupdate.created").get()
    assert created.actor == principal
    assert AuditEvent.objects.filter(code="plans.task.completed", actor=principal).exists()


def test_it_rejects_an_invalid_status_with_the_services_message(api_principal, plans):
    response = post_json(api_principal, f"{API}/tasks/{plans['late'].pk}/updates", {"status": "xyz", "progress": 5})
    assert response.status_code == 400
    assert response.json()["detail"] == "Tình trạng không hợp lệ."


def test_it_rejects_a_percentage_out_of_range_with_422(api_principal, plans):
    response = post_json(api_principal, f"{API}/tasks/{plans['late'].pk}/updates", {"status": "done", "progress": 150})
    assert response.status_code == 422
    assert "progress" in response.json()["detail"]


def test_plan_and_task_lists_use_a_constant_number_of_queries(api_principal, plans, django_assert_max_num_queries):
    for i in range(15):
        services.save_task(plans["ours"], actor=None, content=f"Việc thêm {i}")
    with django_assert_max_num_queries(12):
        assert api_principal.get(f"{API}/tasks").json()["count"] == 17
    with django_assert_max_num_queries(12):
        api_principal.get(f"{API}/plans")
    with django_assert_max_num_queries(14):
        assert len(api_principal.get(f"{API}/plans/{plans['ours'].pk}").json()["tasks"]) == 17


def test_the_principal_approves_then_publishes_a_plan_through_the_transitions_table(api_principal, plans, principal):
    url = f"{API}/plans/{plans['ours'].pk}/transitions"
    assert post_json(api_principal, url, {"action": "approve"}).json()["status"] == "approved"
    body = post_json(api_principal, url, {"action": "publish", "note": "Ban hành"}).json()
    assert body["status"] == "published" and body["number"]
    assert AuditEvent.objects.filter(code="plans.plan.published", actor=principal).exists()


def test_a_move_the_table_does_not_allow_is_a_409_with_the_services_message(api_principal, plans):
    response = post_json(api_principal, f"{API}/plans/{plans['ours'].pk}/transitions", {"action": "publish"})
    assert response.status_code == 409
    assert "Không thể" in response.json()["detail"]
    response = post_json(api_principal, f"{API}/plans/{plans['ours'].pk}/transitions", {"action": "xoa"})
    assert response.status_code == 400


def test_a_clerk_may_not_approve_a_plan(api_clerk, plans):
    # The clerk edits plans (plans.edit) but approving needs plans.approve.
    response = post_json(api_clerk, f"{API}/plans/{plans['ours'].pk}/transitions", {"action": "approve"})
    assert response.status_code == 403
