"""Turn a plan's report deadlines into obligations once the plan is in force (published).

The plans app sends `plan_imported` (the plan is a draft then) and `plan_published`; it sends nothing on
approval. Drafts are ignored by `services.obligations_from_plan`, so an import alone creates nothing.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def on_plan(sender: Any = None, *, plan: Any, **kwargs: Any) -> None:
    """Create the obligations of a plan in force (idempotent, so every publication may call it; drafts give none)."""
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
