"""Dashboard panels: late and at-risk tasks for the school's managers, "my tasks" for unit leaders."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from danvan.core.scoping import has_perm
from danvan.core.tenancy import member_tenants
from danvan.plans import services
from danvan.plans.models import Task


def late_tasks_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Return late and at-risk tasks for a manager (plans.edit or plans.approve on one of their tenants), or None.

    A manager sees every task they may read: a school's of its school, a Department's of the Department and of
    all its schools (each row then names its school).
    """
    managed = [
        t.pk
        for t in member_tenants(request.user)
        if has_perm(request.user, "plans.approve", t) or has_perm(request.user, "plans.edit", t)
    ]
    if not managed:
        return None
    tasks = Task.objects.visible_to(request.user, "plans.view")
    late, at_risk = services.late_and_at_risk_querysets(tasks)
    late_count, at_risk_count = late.count(), at_risk.count()
    return {
        "late": list(late[:10]) if late_count else [],
        "late_count": late_count,
        "at_risk": list(at_risk[:10]) if at_risk_count else [],
        "at_risk_count": at_risk_count,
        "managed": set(managed),
        "risk_days": services.AT_RISK_DAYS,
        "risk_progress": services.AT_RISK_PROGRESS,
    }


def my_tasks_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Return the user's open tasks, nearest due date first, or None when there are none."""
    tasks = list(services.my_tasks(request.user).open().select_related("plan").order_by("due_on", "id")[:8])
    if not tasks:
        return None
    return {"tasks": tasks}
