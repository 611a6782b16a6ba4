"""Task figures for reports: what was planned in a period, what got done, what is late.

Contract used by the reports app (keep the keys exact). A task counts in [start, end] when one of its
periods overlaps the interval; "late" means open and past due at `end`; "done_late" means completed
after its due date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from danvan.plans.choices import TaskStatus
from danvan.plans.models import Evidence, Task, TaskPeriod


def _in_period(start: dt.date, end: dt.date) -> Exists:
    return Exists(TaskPeriod.objects.filter(task=OuterRef("pk"), start__lte=end, end__gte=start))


def task_stats(organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """Return totals and one row per task with a period overlapping [start, end], in one query."""
    evidence = (
        Evidence.objects.filter(task=OuterRef("pk")).order_by().values("task").annotate(c=Count("id")).values("c")
    )
    rows = (
        Task.objects.filter(organisation_id__in=list(organisation_ids))
        .in_force()  # a draft is not work yet
        .filter(_in_period(start, end))
        .annotate(evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), Value(0)))
        .order_by("plan_id", "order", "id")
        .values(
            "id",
            "plan_id",
            "plan__title",
            "no",
            "content",
            "status",
            "progress",
            "due_on",
            "completed_on",
            "evidence_count",
        )
    )
    tasks = []
    counts = {"total": 0, "done": 0, "done_late": 0, "in_progress": 0, "not_started": 0, "late": 0}
    for r in rows:
        done = r["status"] == TaskStatus.DONE
        late = not done and r["due_on"] is not None and r["due_on"] < end
        counts["total"] += 1
        if done:
            counts["done"] += 1
            if r["completed_on"] and r["due_on"] and r["completed_on"] > r["due_on"]:
                counts["done_late"] += 1
        elif r["status"] == TaskStatus.IN_PROGRESS:
            counts["in_progress"] += 1
        else:
            counts["not_started"] += 1
        if late:
            counts["late"] += 1
        tasks.append(
            {
                "id": r["id"],
                "plan_id": r["plan_id"],
                "plan_title": r["plan__title"],
                "no": r["no"],
                "content": r["content"],
                "status": r["status"],
                "progress": r["progress"],
                "due_on": r["due_on"],
                "completed_on": r["completed_on"],
                "evidence_count": r["evidence_count"],
                "late": late,
            }
        )
    return {**counts, "tasks": tasks}


def plan_stats_by_org(
    organisation_ids: list[int], start: dt.date, end: dt.date, *, as_of_end: bool = False
) -> dict[int, dict[str, int]]:
    """Return {organisation id: {total, done, late}} for tasks in [start, end], in one grouped query.

    `as_of_end`: done and late as they stood at `end` (a task completed after it was not done then, and is late when
    it was due before it), in the same pass — the Department aggregate's figures.
    """
    done = Q(status=TaskStatus.DONE)
    late = ~done & Q(due_on__lt=end)
    if as_of_end:
        done_after = done & Q(completed_on__gt=end)
        late = late | (done_after & Q(due_on__lt=end))
        done = done & (Q(completed_on__isnull=True) | Q(completed_on__lte=end))
    grouped = (
        Task.objects.filter(organisation_id__in=list(organisation_ids))
        .in_force()
        .filter(_in_period(start, end))
        .order_by()
        .values("organisation_id")
        .annotate(total=Count("id"), done=Count("id", filter=done), late=Count("id", filter=late))
    )
    out = {int(i): {"total": 0, "done": 0, "late": 0} for i in organisation_ids}
    for g in grouped:
        out[g["organisation_id"]] = {"total": g["total"], "done": g["done"], "late": g["late"]}
    return out
