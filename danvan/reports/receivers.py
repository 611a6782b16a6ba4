"""Turn a plan's report deadlines into obligations once the plan is in force (published).

The plans app sends `plan_imported` (the plan is a draft then) and `plan_published`; it sends nothing on
approval. Drafts are ignored by `services.obligations_from_plan`, so an import alone creates nothing.
"""

from __future__ import annotations

from typing import Any

from danvan.plans.signals import plan_imported, plan_published
from danvan.reports.services import obligations_from_plan


def on_plan(sender: Any = None, *, plan: Any, **kwargs: Any) -> None:
    """Create the obligations of a plan in force (idempotent, so every publication may call it; drafts give none)."""
    obligations_from_plan(plan)


def connect() -> None:
    """Connect to the plans signals (idempotent)."""
    plan_imported.connect(on_plan, dispatch_uid="reports.on_plan_imported")
    plan_published.connect(on_plan, dispatch_uid="reports.on_plan_published")
