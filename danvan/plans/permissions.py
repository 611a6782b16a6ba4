"""Plans' and tasks' permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("plans.view", "Xem kế hoạch, nhiệm vụ", module=__name__)
EDIT = register("plans.edit", "Soạn, nhập, sửa kế hoạch", module=__name__)
APPROVE = register("plans.approve", "Duyệt, ban hành kế hoạch", module=__name__)
TASKS_UPDATE = register("tasks.update", "Cập nhật tiến độ, minh chứng nhiệm vụ", module=__name__)
