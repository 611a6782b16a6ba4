"""Plans and tasks in the global search, through the scoped querysets of the plan list and the plan page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import SearchHit, search
from danvan.plans.models import Plan, Task


def find_plans(user: Any, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return plans matching the number, title or a task's content, as the plan list finds them."""
    rows = (
        Plan.objects.visible_to(user)
        .search(query)
        .select_related("organisation")
        .only("id", "number", "symbol", "title", "year", "status", "organisation__name", "organisation__short_name")
        .order_by("-year", "-id")[offset : offset + limit + 1]
    )
    return [
        SearchHit(
            title=f"{p.number_symbol} — {p.title}" if p.number else p.title,
            url=reverse("plans:plan_detail", args=[p.pk]),
            detail=f"{p.organisation.short_name or p.organisation.name} · {p.year} · {p.get_status_display()}",
        )
        for p in rows
    ]


def find_tasks(user: Any, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return tasks whose content matches, from the plans the user may read."""
    rows = (
        Task.objects.visible_to(user, "plans.view")
        .search(query)
        .select_related("plan")
        .only("id", "no", "content", "plan__id", "plan__title", "plan__year")
        .order_by("-plan__year", "plan_id", "order", "id")[offset : offset + limit + 1]
    )
    return [
        SearchHit(
            title=f"{t.no}. {t.content[:160]}" if t.no else t.content[:160],
            url=reverse("plans:task_detail", args=[t.pk]),
            detail=f"{t.plan.title} ({t.plan.year})",
        )
        for t in rows
    ]


search.register("plans", _("Kế hoạch"), find_plans, perm="plans.view", order=10)
search.register("tasks", _("Nhiệm vụ"), find_tasks, perm="plans.view", order=20)
