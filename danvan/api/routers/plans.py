"""Plans, tasks and progress reports (the plans app's services behind the same permissions as its pages)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from danvan.api import access
from danvan.api.filtering import apply_filters
from danvan.api.pagination import Pagination
from danvan.api.schemas import PlanDetailOut, PlanOut, TaskOut, TaskUpdateIn, TaskUpdateOut, TransitionIn
from danvan.core.errors import DomainError
from danvan.core.params import ApiId, ApiYear
from danvan.plans import services
from danvan.plans.choices import PLAN_TRANSITIONS, PlanAction
from danvan.plans.filters import PlanFilter, TaskFilter
from danvan.plans.models import Plan, Task

router = Router(tags=["Kế hoạch, nhiệm vụ"])


# ====================================================================== filters


class PlanQuery(Schema):
    """The plan list's parameters (their meaning: plans.filters.PlanFilter, the page's own definition)."""

    q: str | None = Field(None, description="Từ khóa trong trích yếu, số ký hiệu (không phân biệt dấu).")
    status: str | None = Field(None, description="draft, approved hoặc published.")
    year: ApiYear | None = Field(None, description="Năm của kế hoạch.")
    organisation: ApiId | None = Field(None, description="Mã đơn vị ban hành.")


class TaskQuery(Schema):
    """The task list's parameters (their meaning: plans.filters.TaskFilter, the "my tasks" page's own definition)."""

    mine: bool = Field(False, description="Chỉ việc của tôi: tôi chủ trì hoặc bộ phận của tôi phụ trách.")
    late: bool = Field(False, description="Chỉ việc quá hạn mà chưa hoàn thành.")
    open: bool = Field(False, description="Chỉ việc chưa hoàn thành.")
    status: str | None = Field(None, description="not_started, in_progress hoặc done.")
    plan: ApiId | None = Field(None, description="Mã kế hoạch.")
    unit: ApiId | None = Field(None, description="Mã một bộ phận của tôi (như trang “Việc của tôi”).")
    due_from: dt.date | None = Field(None, description="Hạn hoàn thành từ ngày.")
    due_to: dt.date | None = Field(None, description="Hạn hoàn thành đến ngày.")
    q: str | None = Field(None, description="Từ khóa trong nội dung (không phân biệt dấu).")


# ====================================================================== plans


@router.get("/plans", response=list[PlanOut], summary="Danh sách kế hoạch")
@paginate(Pagination)
def plan_list(request: HttpRequest, filters: Query[PlanQuery]) -> Any:
    """Liệt kê kế hoạch người dùng được xem, mới nhất trước (bộ lọc như trang danh sách kế hoạch)."""
    qs = access.visible(Plan.objects, request, "plans.view").select_related("organisation")
    return apply_filters(PlanFilter(request.GET), qs).order_by("-year", "organisation__name", "-id")


@router.get("/plans/{int:plan_id}", response=PlanDetailOut, summary="Chi tiết kế hoạch")
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    """Trả về một kế hoạch với các phần nội dung và toàn bộ nhiệm vụ."""
    tasks = Task.objects.order_by("order", "id").prefetch_related("periods")
    qs = Plan.objects.select_related("organisation").prefetch_related(Prefetch("tasks", queryset=tasks))
    return access.get_visible(qs, request, "plans.view", pk=plan_id)


@router.post("/plans/{int:plan_id}/transitions", response=PlanOut, summary="Duyệt, trả lại, ban hành, sửa đổi kế hoạch")
def plan_transition(request: HttpRequest, plan_id: int, payload: TransitionIn) -> Any:
    """Chuyển trạng thái kế hoạch theo bảng chuyển trạng thái: approve, return, publish, revise.

    Cần quyền của thao tác (plans.approve hoặc plans.edit) tại đơn vị; thao tác không hợp lệ với trạng thái
    hiện tại trả về 409.
    """
    plan = access.get_visible(Plan.objects.select_related("organisation"), request, "plans.view", pk=plan_id)
    access.require_transition(request, PLAN_TRANSITIONS, plan.status, payload.action, plan.organisation)
    if payload.action not in PlanAction.values:
        raise DomainError(_invalid_action(PlanAction.values))
    return services.transition(plan, payload.action, actor=request.user, note=payload.note)  # refusals: 409


def _invalid_action(valid: list[str]) -> str:
    return _("Thao tác không hợp lệ. Chọn một trong: %(valid)s.") % {"valid": ", ".join(valid)}


# ====================================================================== tasks


@router.get("/tasks", response=list[TaskOut], summary="Danh sách nhiệm vụ")
@paginate(Pagination)
def task_list(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    """Liệt kê nhiệm vụ, sắp theo hạn hoàn thành.

    `mine=1`: việc tôi chủ trì hoặc bộ phận của tôi phụ trách (như trang “Việc của tôi”); `late=1`: quá hạn.
    """
    if filters.mine:
        access.require_somewhere(request, "tasks.update")
        qs = services.my_tasks(request.user)
    else:
        qs = access.visible(Task.objects, request, "plans.view")
    units = services.my_unit_ids(request.user) if filters.unit else ()
    return apply_filters(TaskFilter(request.GET, units=units), qs).order_by("due_on", "plan_id", "order", "id")


@router.get("/tasks/{int:task_id}", response=TaskOut, summary="Chi tiết nhiệm vụ")
def task_detail(request: HttpRequest, task_id: int) -> Any:
    """Trả về một nhiệm vụ và tiến độ hiện tại."""
    return access.get_visible(Task.objects, request, "plans.view", pk=task_id)


@router.post("/tasks/{int:task_id}/updates", response={201: TaskUpdateOut}, summary="Cập nhật tiến độ nhiệm vụ")
def task_update(request: HttpRequest, task_id: int, payload: TaskUpdateIn) -> Any:
    """Ghi một lần cập nhật tiến độ (tình trạng, phần trăm, nội dung) cho nhiệm vụ.

    Người được cập nhật: người soạn kế hoạch của đơn vị, người chủ trì nhiệm vụ, hoặc người giữ chức vụ
    lãnh đạo tại bộ phận phụ trách. Tệp minh chứng gửi qua giao diện web.
    """
    task = access.get_visible(
        Task.objects.select_related("organisation", "lead_person"), request, "plans.view", pk=task_id
    )
    access.require_on(request, "tasks.update", task.organisation)
    if not services.can_update_task(request.user, task):
        access.deny(_not_in_charge())
    update = services.record_task_update(
        task,
        actor=request.user,
        status=payload.status,
        progress=payload.progress,
        note=payload.note,
        done_on=payload.done_on,
    )
    return Status(201, update)


def _not_in_charge() -> str:
    return _("Bạn không phụ trách nhiệm vụ này.")
