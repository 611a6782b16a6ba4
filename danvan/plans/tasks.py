"""Background jobs of the plans app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from danvan.plans import publication
from danvan.plans.choices import PlanStatus
from danvan.plans.models import Plan


@task()
def build_public_pdf(plan_id: int) -> int:
    """Build and cache the public PDF of a published plan; return its size (0 when the plan is no longer public)."""
    plan = Plan.objects.select_related("organisation").filter(pk=plan_id, status=PlanStatus.PUBLISHED).first()
    if plan is None:
        return 0
    return len(publication.store_pdf(plan))
