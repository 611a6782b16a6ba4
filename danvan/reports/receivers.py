"""Turn a plan's report deadlines into obligations when the plan is imported or published."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def on_plan(sender: Any = None, *, plan: Any, **kwargs: Any) -> None:
    """Create the obligations of a plan's report deadlines (idempotent, so every publication may call it)."""
    from danvan.reports.services import obligations_from_plan

    obligations_from_plan(plan)


def connect() -> bool:
    """Connect to the plans signals; return False while the plans app does not provide them."""
    try:
        from danvan.plans.signals import plan_imported, plan_published
    except ImportError:
        log.info("reports: plans signals unavailable; obligations from plans are off")
        return False
    plan_imported.connect(on_plan, dispatch_uid="reports.on_plan_imported")
    plan_published.connect(on_plan, dispatch_uid="reports.on_plan_published")
    return True
